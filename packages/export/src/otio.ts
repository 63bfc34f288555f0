import { lineTracks, musicLoops, visibleRange, type ExportTimeline } from './export-timeline.js';
import { mediaUrl, type MediaPathStyle } from './media-paths.js';

/** Marks what Cinema wrote in an OTIO file's metadata, so `import-cut` finds its shots and lines again. */
export const otioMetadataKey = 'cinema';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const time = (value: number, rate: number) => ({ OTIO_SCHEMA: 'RationalTime.1', rate, value });
const range = (start: number, duration: number, rate: number) => ({ OTIO_SCHEMA: 'TimeRange.1', duration: time(duration, rate), start_time: time(start, rate) });

/** Audio is placed on sample boundaries at 48 kHz, so a line's place survives a round trip exactly. */
export const otioAudioRate = 48_000;

function item(schema: 'Clip.1' | 'Gap.1', name: string, sourceRange: Json, metadata: Record<string, Json>, extra: Record<string, Json> = {}): Json {
  return { OTIO_SCHEMA: schema, metadata, name, source_range: sourceRange, effects: [], markers: [], enabled: true, ...extra };
}

function clip(name: string, url: string, start: number, duration: number, available: number, rate: number, metadata: Record<string, Json>): Json {
  return item('Clip.1', name, range(start, duration, rate), metadata, {
    media_reference: { OTIO_SCHEMA: 'ExternalReference.1', metadata: {}, name, available_range: range(0, available, rate), available_image_bounds: null, target_url: url },
  });
}

const gap = (duration: number, rate: number) => item('Gap.1', '', range(0, duration, rate), {});

function track(name: string, kind: 'Video' | 'Audio', children: Json[], metadata: Record<string, Json> = {}): Json {
  return { OTIO_SCHEMA: 'Track.1', metadata, name, source_range: null, effects: [], markers: [], enabled: true, kind, children };
}

/**
 * The film as an OpenTimelineIO timeline (`.otio` JSON): a video track of the cards and shots with
 * their source ranges and dissolves, a track per overlapping layer of dialogue, the music bed
 * looped as the film loops it, and the subtitles as markers. Shots and lines carry their ids in
 * `metadata.cinema`, which `readOtioCut` reads back.
 */
export function writeOtio(timeline: ExportTimeline, style: MediaPathStyle = {}): string {
  const { fps, video } = timeline;
  const videoChildren: Json[] = [];
  video.forEach((entry, index) => {
    const visible = visibleRange(video, index);
    const hold = entry.sourceStartFrame + entry.frames > entry.mediaFrames;
    const metadata: Record<string, Json> = {
      [otioMetadataKey]: {
        kind: entry.kind,
        ...(entry.sceneId == null ? {} : { sceneId: entry.sceneId, shotId: entry.shotId! }),
        // The film holds a clip's last frame where the shot runs past it.
        ...(hold ? { holdsLastFrame: true } : {}),
        ...(index === video.length - 1 && entry.transitionOut.fadeOutFrames > 0 ? { fadeOutFrames: entry.transitionOut.fadeOutFrames } : {}),
      },
    };
    videoChildren.push(clip(entry.name, mediaUrl(entry.path, style), visible.sourceStart, visible.frames, entry.mediaFrames, fps, metadata));
    const { type, overlapFrames } = entry.transitionOut;
    if (overlapFrames > 0 && index < video.length - 1) {
      videoChildren.push({
        OTIO_SCHEMA: 'Transition.1',
        metadata: { [otioMetadataKey]: { transition: type } },
        // OTIO has no dip to black: the fade is a dissolve by name, and Cinema reads its type back from the metadata.
        name: type === 'fade_to_black' ? 'Fade to black' : 'Cross dissolve',
        in_offset: time(overlapFrames / 2, fps),
        out_offset: time(overlapFrames / 2, fps),
        transition_type: 'SMPTE_Dissolve',
      });
    }
  });

  const sampleOf = (seconds: number) => Math.round(seconds * otioAudioRate);
  const dialogueTracks = lineTracks(timeline.lines).map((lines, index) => {
    const children: Json[] = [];
    let cursor = 0;
    for (const line of lines) {
      const start = sampleOf(line.startSeconds);
      if (start > cursor) children.push(gap(start - cursor, otioAudioRate));
      const samples = sampleOf(line.durationSeconds);
      children.push(
        clip(`${line.speaker}: ${line.text}`, mediaUrl(line.path, style), 0, samples, samples, otioAudioRate, {
          [otioMetadataKey]: { kind: 'line', sceneId: line.sceneId, lineNumber: line.lineNumber, speaker: line.speaker, text: line.text },
        }),
      );
      cursor = start + samples;
    }
    return track(index === 0 ? 'Dialogue' : `Dialogue ${index + 1}`, 'Audio', children);
  });

  const music = timeline.music;
  const musicTrack =
    music == null
      ? []
      : [
          track(
            'Music',
            'Audio',
            musicLoops(timeline).map((loop) =>
              clip('Music', mediaUrl(music.path, style), 0, loop.frames, Math.floor(music.durationSeconds * fps), fps, { [otioMetadataKey]: { kind: 'music', volume: music.volume } }),
            ),
          ),
        ];

  const markers = timeline.cues.map((cue) => ({
    OTIO_SCHEMA: 'Marker.2',
    metadata: { [otioMetadataKey]: { kind: 'subtitle' } },
    name: cue.text,
    marked_range: range(cue.start * fps, (cue.end - cue.start) * fps, fps),
    color: 'GREEN',
  }));

  const document = {
    OTIO_SCHEMA: 'Timeline.1',
    metadata: { [otioMetadataKey]: { movieId: timeline.movieId, width: timeline.width, height: timeline.height, fps } },
    name: timeline.movieId,
    global_start_time: time(0, fps),
    tracks: {
      OTIO_SCHEMA: 'Stack.1',
      metadata: {},
      name: 'tracks',
      source_range: null,
      effects: [],
      markers,
      enabled: true,
      children: [track('Video', 'Video', videoChildren), ...dialogueTracks, ...musicTrack],
    },
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
