import path from 'node:path';
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import { musicLoops, visibleRange, type ExportTimeline } from './export-timeline.js';
import { mediaUrl, type MediaPathStyle } from './media-paths.js';

/** Final Cut Pro's built-in transitions, by the uid FCP writes for them. */
const crossDissolve = { name: 'Cross Dissolve', uid: 'FxPlug:4731E73A-8DAC-4113-9A30-AE85B1761265' };
const fadeToColor = { name: 'Fade To Color', uid: 'FxPlug:F779C565-486D-4633-8035-0374B4DB8F5C' };

/** A rational time in FCPXML's form, `frames*d/n s` on the film's frame grid (`1001/30000s` style). */
function rational(frames: number, fps: number): string {
  const [numerator, denominator] = fps === Math.round(fps) ? [1, fps] : [1001, Math.round(fps * 1001)];
  if (frames === 0) return '0s';
  const value = frames * numerator;
  const divisor = gcd(value, denominator);
  return denominator / divisor === 1 ? `${value / divisor}s` : `${value / divisor}/${denominator / divisor}s`;
}

/** Seconds of audio as an FCPXML time on a 48 kHz grid. */
function audioTime(seconds: number): string {
  const samples = Math.round(seconds * 48_000);
  if (samples === 0) return '0s';
  const divisor = gcd(samples, 48_000);
  return 48_000 / divisor === 1 ? `${samples / divisor}s` : `${samples / divisor}/${48_000 / divisor}s`;
}

/**
 * The film as FCPXML 1.10 for Final Cut Pro and DaVinci Resolve: one project whose primary storyline
 * holds the cards and shots with Cross Dissolve or Fade To Color transitions centred on the cuts;
 * dialogue and music are connected clips below it (lanes -1 and lower), subtitles are markers on
 * the clip they fall in.
 */
export function writeFcpxml(timeline: ExportTimeline, style: MediaPathStyle = {}): string {
  const { fps, width, height, video } = timeline;
  const time = (frames: number) => rational(frames, fps);
  const document = create({ version: '1.0', encoding: 'UTF-8' }).dtd({ name: 'fcpxml' });
  const fcpxml = document.ele('fcpxml', { version: '1.10' });
  const resources = fcpxml.ele('resources');
  resources.ele('format', { id: 'r1', name: `Cinema ${width}x${height} ${fps}`, frameDuration: time(1), width, height, colorSpace: '1-1-1 (Rec. 709)' });

  const assets = new Map<string, string>();
  const asset = (file: string, kind: 'video' | 'audio', duration: string) => {
    const key = `${kind}:${file}`;
    let id = assets.get(key);
    if (id == null) {
      id = `r${assets.size + 2}`;
      assets.set(key, id);
      const attributes =
        kind === 'video'
          ? { id, name: path.basename(file), start: '0s', duration, hasVideo: '1', hasAudio: '0', format: 'r1', videoSources: '1' }
          : { id, name: path.basename(file), start: '0s', duration, hasVideo: '0', hasAudio: '1', audioSources: '1', audioChannels: '1', audioRate: '48000' };
      resources.ele('asset', attributes).ele('media-rep', { kind: 'original-media', src: mediaUrl(file, style) });
    }
    return id;
  };
  for (const item of video) asset(item.path, 'video', time(item.mediaFrames));
  for (const line of timeline.lines) asset(line.path, 'audio', audioTime(line.durationSeconds));
  if (timeline.music != null) asset(timeline.music.path, 'audio', audioTime(timeline.music.durationSeconds));
  const transitions = new Set(video.filter((item) => item.transitionOut.overlapFrames > 0).map((item) => item.transitionOut.type));
  if (transitions.has('crossfade')) resources.ele('effect', { id: 'e1', ...crossDissolve });
  if (transitions.has('fade_to_black')) resources.ele('effect', { id: 'e2', ...fadeToColor });

  const sequence = fcpxml
    .ele('library')
    .ele('event', { name: 'Cinema' })
    .ele('project', { name: timeline.movieId })
    .ele('sequence', { format: 'r1', duration: time(timeline.totalFrames), tcStart: '0s', tcFormat: 'NDF', audioLayout: 'stereo', audioRate: '48k' });
  const spine = sequence.ele('spine');

  // Each spine clip, with where it sits on the film and its own timeline's start, for what is connected to it.
  const placed: { element: XMLBuilder; recordStart: number; frames: number; sourceStart: number }[] = [];
  video.forEach((item, index) => {
    const visible = visibleRange(video, index);
    const element = spine.ele('asset-clip', {
      ref: asset(item.path, 'video', time(item.mediaFrames)),
      name: item.name,
      offset: time(visible.recordStart),
      start: time(visible.sourceStart),
      duration: time(visible.frames),
      tcFormat: 'NDF',
    });
    placed.push({ element, recordStart: visible.recordStart, frames: visible.frames, sourceStart: visible.sourceStart });
    const { overlapFrames, type } = item.transitionOut;
    if (overlapFrames > 0 && index < video.length - 1) {
      const effect = type === 'crossfade' ? { ref: 'e1', ...crossDissolve } : { ref: 'e2', ...fadeToColor };
      spine
        .ele('transition', { name: effect.name, offset: time(visible.recordStart + visible.frames - overlapFrames / 2), duration: time(overlapFrames) })
        .ele('filter-video', { ref: effect.ref, name: effect.name });
    }
  });

  // Connected clips and markers go into the spine clip they start in, on its own timeline.
  const parentAt = (frame: number) => [...placed].reverse().find((candidate) => candidate.recordStart <= frame) ?? placed[0]!;
  const connected = new Map<XMLBuilder, { lane: number; ref: string; name: string; offsetSeconds: number; duration: string }[]>();
  const connect = (frame: number, seconds: number, entry: { lane: number; ref: string; name: string; duration: string }) => {
    const parent = parentAt(frame);
    const offsetSeconds = (parent.sourceStart - parent.recordStart) / fps + seconds;
    const list = connected.get(parent.element) ?? [];
    list.push({ ...entry, offsetSeconds });
    connected.set(parent.element, list);
  };
  timeline.lines.forEach((line) => {
    connect(Math.floor(line.startSeconds * fps), line.startSeconds, { lane: -1, ref: asset(line.path, 'audio', audioTime(line.durationSeconds)), name: `${line.speaker}: ${line.text}`, duration: audioTime(line.durationSeconds) });
  });
  if (timeline.music != null) {
    const music = timeline.music;
    for (const loop of musicLoops(timeline)) {
      connect(loop.startFrame, loop.startFrame / fps, { lane: -2, ref: asset(music.path, 'audio', audioTime(music.durationSeconds)), name: 'Music', duration: time(loop.frames) });
    }
  }
  // The DTD puts an asset-clip's connected clips before its markers.
  for (const { element } of placed) {
    for (const entry of connected.get(element) ?? []) {
      element.ele('asset-clip', { ref: entry.ref, lane: entry.lane, name: entry.name, offset: audioTime(entry.offsetSeconds), start: '0s', duration: entry.duration, audioRole: entry.lane === -1 ? 'dialogue' : 'music' });
    }
  }
  for (const cue of timeline.cues) {
    const parent = parentAt(Math.floor(cue.start * fps));
    parent.element.ele('marker', { start: audioTime((parent.sourceStart - parent.recordStart) / fps + cue.start), duration: audioTime(cue.end - cue.start), value: cue.text });
  }
  return document.end({ prettyPrint: true });
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
