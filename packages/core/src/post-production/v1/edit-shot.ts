import type { Transition } from '../../screenplay/screenplay-schema.js';
import type { EditDialogue } from './edit-dialogue.js';

/** One shot of the film, in the order the film shows them. */
export interface EditShot {
  /** The screenplay's scene id, e.g. `scene_1`, for messages and file names. */
  sceneId: string;
  /** The shot's id within its scene, e.g. `shot_1`. */
  shotId: string;
  /** Absolute path of the shot's clip, as the video model made it. */
  videoPath: string;
  /**
   * How long the shot lasts in the edit, in seconds (more than 0): the screenplay's length,
   * lengthened by core's edit stage when the shot's lines need longer (plus 0.5 s after the last).
   * The clip is trimmed, or its last frame held, to this length.
   */
  durationSeconds: number;
  /**
   * Seconds into the clip where the shot starts (an editor's trim of its head, from an imported
   * cut). Default: 0, the clip's first frame.
   */
  sourceStartSeconds?: number;
  /**
   * How this shot hands over to the next one: `cut`, `crossfade` (the two overlap briefly) or
   * `fade_to_black`. On the last shot, it hands over to the end card, or ends the film when there
   * is none.
   */
  transition: Transition;
  /** The shot's lines, in the order they are spoken. Empty for a shot without dialogue. */
  dialogue: EditDialogue[];
}
