import type { Transition } from '../../screenplay/screenplay-schema.js';

/** One spoken line, placed relative to the start of its shot. */
export interface EditDialogue {
  audioPath: string;
  text: string;
  speaker: string;
  /** Seconds from the start of the shot. */
  offsetSeconds: number;
}

export interface EditShot {
  sceneId: string;
  shotId: string;
  videoPath: string;
  /** How long the shot lasts in the edit; the clip is trimmed or held to this length. */
  durationSeconds: number;
  /** How this shot hands over to the next. */
  transition: Transition;
  dialogue: EditDialogue[];
}

export interface EditCard {
  title: string;
  subtitle?: string;
  durationSeconds: number;
}

export interface EditRequest {
  movieId: string;
  /** Where the finished film goes (`output/{movie_id}_final.mp4`). */
  outputPath: string;
  /** Where the `.srt` goes, beside the film. */
  subtitlesPath: string;
  format: { width: number; height: number; fps: number };
  shots: EditShot[];
  titleCard?: EditCard;
  endCard?: EditCard;
  /** A music or room-tone bed under the whole film. */
  music?: { path: string; volume: number };
  /** Burn the subtitles into the picture as well as writing the `.srt`. Default: false. */
  burnSubtitles: boolean;
  /** Directory for intermediate files; the plugin may reuse what it finds there. */
  workDir: string;
}

export interface EditResult {
  outputPath: string;
  subtitlesPath: string;
  durationSeconds: number;
  warnings: string[];
}

export type PostProductionEvent =
  | { type: 'step'; step: string; index: number; total: number }
  | { type: 'progress'; step: string; percent: number };

/** Edits clips and audio into the finished film. The ffmpeg implementation lives in `@cinema/postprod-ffmpeg`. */
export interface PostProductionV1 {
  readonly specificationVersion: 'v1';
  readonly name: string;
  render(
    request: EditRequest,
    options: { abortSignal?: AbortSignal; onEvent?: (event: PostProductionEvent) => void },
  ): Promise<EditResult>;
}
