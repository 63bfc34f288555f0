import { join } from 'node:path';

/**
 * Where a movie's files go, relative to `{baseDir}/{movieId}`:
 * `characters/char_1_front.png`, `images/scene_1_first_frame.png`, `videos/scene_1.mp4`,
 * `audio/scene_1_line_1.mp3`, `output/{movieId}_final.mp4`; earlier takes of a job under
 * `takes/{job key}/take_{n}/`.
 *
 * A scene's first shot keeps the plain `scene_1` stem of the seed layout; later shots add
 * `_shot_2`, so a film with one shot per scene matches the seed layout exactly.
 */
export const movieLayout = {
  movieDir: (baseDir: string, movieId: string) => join(baseDir, movieId),
  screenplay: () => 'screenplay.json',
  character: (characterId: string, view: string) => `characters/${characterId}_${view}.png`,
  shotStem: (sceneId: string, shotId: string, shotIndex: number) => (shotIndex === 0 ? sceneId : `${sceneId}_${shotId}`),
  keyframe: (stem: string, frame: string) => `images/${stem}_${frame}.png`,
  video: (stem: string, extension = '.mp4') => `videos/${stem}${extension}`,
  line: (sceneId: string, lineNumber: number, extension = '.mp3') => `audio/${sceneId}_line_${lineNumber}${extension}`,
  finalVideo: (movieId: string) => `output/${movieId}_final.mp4`,
  subtitles: (movieId: string) => `output/${movieId}_final.srt`,
  /** The edit the film was rendered from (JSON), which `cinema export` turns into an editor's timeline. */
  editRecord: (movieId: string) => `output/${movieId}_edit.json`,
  workDir: () => 'work',
  /** Where a take of a job that is not in use keeps its file (`path` as the job recorded it). */
  takeFile: (jobKey: string, take: number, path: string) => `takes/${jobKey.replace(/[^A-Za-z0-9_.-]+/g, '_')}/take_${take}/${path}`,
  /** A take the judge scored below the threshold, kept in case no later one does better. */
  candidateFile: (jobKey: string, attempt: number, path: string) => `takes/${jobKey.replace(/[^A-Za-z0-9_.-]+/g, '_')}/candidate_${attempt}/${path}`,
  /** The judge's scores of a job's candidates (JSON). */
  candidateList: (jobKey: string) => `takes/${jobKey.replace(/[^A-Za-z0-9_.-]+/g, '_')}/candidates.json`,
  /** One contact sheet per scene, written by `cinema review`. */
  contactSheet: (sceneId: string) => `review/${sceneId}_contact_sheet.png`,
};
