import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import { lineTracks, musicLoops, type ExportTimeline, type ExportVideoItem } from './export-timeline.js';
import { mediaPath, type MediaPathStyle } from './media-paths.js';

/** Frames of an item's material, `[from, to)`, as something a playlist entry or a tractor track can show. */
interface Piece {
  producer: string;
  in: number;
  out: number;
}

/**
 * The film as an MLT XML document for Kdenlive and Shotcut (and `melt`): one playlist for the
 * picture, where each dissolve or fade is a small tractor of the two sides (as Shotcut writes
 * them), a playlist per layer of dialogue, and the music bed looped, all mixed in the main tractor.
 * A shot that runs past its clip holds the clip's last frame (MLT's `hold` producer), as the film does.
 */
export function writeMlt(timeline: ExportTimeline, style: MediaPathStyle = {}): string {
  const { fps, width, height, video } = timeline;
  const root = create({ version: '1.0', encoding: 'utf-8' }).ele('mlt', { LC_NUMERIC: 'C', version: '7.0.0', title: timeline.movieId, producer: 'main' });
  const divisor = greatestCommonDivisor(width, height);
  root.ele('profile', {
    description: `${width}x${height} ${fps} fps`,
    width,
    height,
    progressive: 1,
    sample_aspect_num: 1,
    sample_aspect_den: 1,
    display_aspect_num: width / divisor,
    display_aspect_den: height / divisor,
    frame_rate_num: Math.round(fps * 1000),
    frame_rate_den: 1000,
    colorspace: 709,
  });
  const properties = (element: XMLBuilder, values: Record<string, string | number>) => {
    for (const [name, value] of Object.entries(values)) element.ele('property', { name }).txt(String(value));
    return element;
  };

  let ids = 0;
  const producers = new Map<string, string>();
  const fileProducer = (file: string, frames: number, kind: 'video' | 'audio') => {
    const key = `${kind}:${file}`;
    let id = producers.get(key);
    if (id == null) {
      id = `${kind === 'video' ? 'clip' : 'sound'}${producers.size}`;
      producers.set(key, id);
      // The film takes only the picture of clips and cards, and only the sound of lines and music.
      properties(root.ele('producer', { id, in: 0, out: Math.max(0, frames - 1) }), {
        resource: mediaPath(file, style),
        mlt_service: 'avformat',
        length: Math.max(1, frames),
        ...(kind === 'video' ? { audio_index: -1 } : { video_index: -1 }),
      });
    }
    return id;
  };
  const black = () => {
    const id = 'black';
    if (!producers.has(id)) {
      producers.set(id, id);
      properties(root.ele('producer', { id, in: 0, out: timeline.totalFrames }), { resource: '#000000', mlt_service: 'color', length: timeline.totalFrames + 1 });
    }
    return id;
  };
  const piece = (item: ExportVideoItem, from: number, to: number): Piece => {
    const clip = fileProducer(item.path, item.mediaFrames, 'video');
    const first = item.sourceStartFrame + from;
    const end = item.sourceStartFrame + to;
    if (end <= item.mediaFrames) return { producer: clip, in: first, out: end - 1 };
    const holdFrames = end - Math.max(first, item.mediaFrames);
    const hold = `hold${ids++}`;
    properties(root.ele('producer', { id: hold, in: 0, out: holdFrames - 1 }), { resource: mediaPath(item.path, style), mlt_service: 'hold', frame: Math.max(0, item.mediaFrames - 1), length: holdFrames });
    if (first >= item.mediaFrames) return { producer: hold, in: 0, out: holdFrames - 1 };
    const joined = `held${ids++}`;
    const list = root.ele('playlist', { id: joined });
    list.ele('entry', { producer: clip, in: first, out: item.mediaFrames - 1 });
    list.ele('entry', { producer: hold, in: 0, out: holdFrames - 1 });
    return { producer: joined, in: 0, out: end - first - 1 };
  };
  const dissolve = (from: Piece, to: Piece, frames: number) => {
    const id = `transition${ids++}`;
    const tractor = root.ele('tractor', { id, in: 0, out: frames - 1 });
    tractor.ele('track', { producer: from.producer, in: from.in, out: from.out });
    tractor.ele('track', { producer: to.producer, in: to.in, out: to.out });
    properties(tractor.ele('transition', { in: 0, out: frames - 1 }), { a_track: 0, b_track: 1, mlt_service: 'luma' });
    return id;
  };

  // The picture: each item's body between its transitions, and each transition as a tractor.
  const entries: { producer: string; in: number; out: number }[] = [];
  video.forEach((item, index) => {
    const head = index === 0 ? 0 : video[index - 1]!.transitionOut.overlapFrames;
    const { overlapFrames, fadeOutFrames, type } = item.transitionOut;
    const bodyEnd = item.frames - overlapFrames - fadeOutFrames;
    if (bodyEnd > head) entries.push(piece(item, head, bodyEnd));
    const next = video[index + 1];
    if (overlapFrames > 0 && next != null) {
      if (type === 'crossfade') {
        entries.push({ producer: dissolve(piece(item, bodyEnd, item.frames), piece(next, 0, overlapFrames), overlapFrames), in: 0, out: overlapFrames - 1 });
      } else {
        // A fade to black: the outgoing half fades out, the incoming half fades in.
        const half = overlapFrames / 2;
        const dark = { producer: black(), in: 0, out: half - 1 };
        entries.push({ producer: dissolve(piece(item, bodyEnd, bodyEnd + half), dark, half), in: 0, out: half - 1 });
        entries.push({ producer: dissolve(dark, piece(next, half, overlapFrames), half), in: 0, out: half - 1 });
      }
    }
    if (fadeOutFrames > 0) {
      entries.push({ producer: dissolve(piece(item, bodyEnd, item.frames), { producer: black(), in: 0, out: fadeOutFrames - 1 }, fadeOutFrames), in: 0, out: fadeOutFrames - 1 });
    }
  });

  const playlists: { id: string; audio: boolean }[] = [];
  const picture = root.ele('playlist', { id: 'picture' });
  properties(picture, { 'shotcut:video': 1, 'shotcut:name': 'V1' });
  for (const entry of entries) picture.ele('entry', { producer: entry.producer, in: entry.in, out: entry.out });
  playlists.push({ id: 'picture', audio: false });

  const frameOf = (seconds: number) => Math.round(seconds * fps);
  const soundFrames = (seconds: number) => Math.max(1, Math.ceil(seconds * fps));
  // Producers come before the playlists that name them.
  for (const line of timeline.lines) fileProducer(line.path, soundFrames(line.durationSeconds), 'audio');
  if (timeline.music != null) fileProducer(timeline.music.path, Math.floor(timeline.music.durationSeconds * fps), 'audio');
  lineTracks(timeline.lines).forEach((lines, index) => {
    const id = `dialogue${index + 1}`;
    const list = root.ele('playlist', { id });
    properties(list, { 'shotcut:audio': 1, 'shotcut:name': `Dialogue ${index + 1}` });
    let cursor = 0;
    for (const line of lines) {
      const start = Math.max(cursor, frameOf(line.startSeconds));
      if (start > cursor) list.ele('blank', { length: start - cursor });
      const frames = soundFrames(line.durationSeconds);
      list.ele('entry', { producer: fileProducer(line.path, frames, 'audio'), in: 0, out: frames - 1 });
      cursor = start + frames;
    }
    playlists.push({ id, audio: true });
  });
  if (timeline.music != null) {
    const music = timeline.music;
    const list = root.ele('playlist', { id: 'music' });
    properties(list, { 'shotcut:audio': 1, 'shotcut:name': 'Music' });
    for (const loop of musicLoops(timeline)) {
      const entry = list.ele('entry', { producer: fileProducer(music.path, Math.floor(music.durationSeconds * fps), 'audio'), in: 0, out: loop.frames - 1 });
      properties(entry.ele('filter'), { mlt_service: 'volume', gain: music.volume });
    }
    playlists.push({ id: 'music', audio: true });
  }

  const main = root.ele('tractor', { id: 'main', title: timeline.movieId, in: 0, out: timeline.totalFrames - 1 });
  const multitrack = main.ele('multitrack');
  for (const playlist of playlists) multitrack.ele('track', { producer: playlist.id, ...(playlist.audio ? { hide: 'video' } : {}) });
  playlists.forEach((playlist, index) => {
    if (index === 0) return;
    properties(main.ele('transition'), { a_track: 0, b_track: index, mlt_service: 'mix', always_active: 1, sum: 1 });
  });
  return root.end({ prettyPrint: true });
}

function greatestCommonDivisor(a: number, b: number): number {
  return b === 0 ? a : greatestCommonDivisor(b, a % b);
}
