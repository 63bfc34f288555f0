import type { EditRequest } from '@cinema/core';
import { filmTimeline } from '@cinema/postprod-ffmpeg';
import { layOutExport, type ExportTimeline } from './export-timeline.js';

/**
 * A small edit at 12 fps under `/movie`: a title card, a shot that crossfades into one that fades to
 * black into a third, then an end card; two lines and a music bed.
 */
export function fixtureRequest(): EditRequest {
  return {
    movieId: 'night_train',
    outputPath: '/movie/output/night_train_final.mp4',
    subtitlesPath: '/movie/output/night_train_final.srt',
    format: { width: 320, height: 180, fps: 12 },
    shots: [
      {
        sceneId: 'scene_1',
        shotId: 'shot_1',
        videoPath: '/movie/videos/scene_1.mp4',
        durationSeconds: 4,
        transition: 'crossfade',
        dialogue: [{ audioPath: '/movie/audio/scene_1_line_1.wav', text: 'Is this seat taken?', speaker: 'Mara', line: { sceneId: 'scene_1', lineNumber: 1 }, offsetSeconds: 0.3 }],
      },
      {
        sceneId: 'scene_1',
        shotId: 'shot_2',
        videoPath: '/movie/videos/scene_1_shot_2.mp4',
        durationSeconds: 3,
        transition: 'fade_to_black',
        dialogue: [{ audioPath: '/movie/audio/scene_1_line_2.wav', text: 'It is now.', speaker: 'Tom', line: { sceneId: 'scene_1', lineNumber: 2 }, offsetSeconds: 0.5 }],
      },
      { sceneId: 'scene_2', shotId: 'shot_1', videoPath: '/movie/videos/scene_2.mp4', durationSeconds: 2, transition: 'cut', dialogue: [] },
    ],
    titleCard: { title: 'Night Train', durationSeconds: 2 },
    endCard: { title: 'The End', durationSeconds: 1 },
    music: { path: '/music/bed.wav', volume: 0.2 },
    burnSubtitles: false,
    workDir: '/movie/work',
  };
}

/** Every fixture file's length in seconds: clips as long as their shots, unless `clips` says otherwise. */
export function fixtureSeconds(clips: Record<string, number> = {}): Map<string, number> {
  return new Map([
    ['/movie/work/card-title.mp4', 2],
    ['/movie/work/card-end.mp4', 1],
    ['/movie/videos/scene_1.mp4', clips['/movie/videos/scene_1.mp4'] ?? 4],
    ['/movie/videos/scene_1_shot_2.mp4', clips['/movie/videos/scene_1_shot_2.mp4'] ?? 3],
    ['/movie/videos/scene_2.mp4', clips['/movie/videos/scene_2.mp4'] ?? 2],
    ['/movie/audio/scene_1_line_1.wav', 1.5],
    ['/movie/audio/scene_1_line_2.wav', 1],
    ['/music/bed.wav', 5],
  ]);
}

/** The fixture edit laid out for export, as `exportTimeline` would after drawing the cards and probing the files. */
export function fixtureTimeline(request: EditRequest = fixtureRequest(), seconds = fixtureSeconds()): ExportTimeline {
  return layOutExport(request, filmTimeline(request), {
    cards: new Map([
      ['title', '/movie/work/card-title.mp4'],
      ['end', '/movie/work/card-end.mp4'],
    ]),
    seconds,
  });
}
