import type { Transition } from '../../screenplay/screenplay-schema.js';

/**
 * An editor's re-cut of the film (`cinema import-cut`), kept with the movie (`MovieInput.cut`) so
 * every later edit renders it: which shots the film shows, in what order, which stretch of each
 * clip, and where each line of dialogue is spoken. The title and end cards are not part of it;
 * they follow the settings.
 */
export interface EditCut {
  /** The shots in the order the film shows them. */
  shots: CutShot[];
  /**
   * The film's shots the editor took out. A shot of the screenplay in neither list (one a later
   * script edit added) goes in after the shot before it in the screenplay. Default: none.
   */
  removed?: { sceneId: string; shotId: string }[];
}

/** One shot of a cut. */
export interface CutShot {
  /** The screenplay's scene id, e.g. `scene_1`. */
  sceneId: string;
  /** The shot's id within its scene, e.g. `shot_1`. */
  shotId: string;
  /** Seconds into the shot's clip where the shot starts (0 or more): an editor's trim of its head. */
  sourceStartSeconds: number;
  /** How long the shot lasts in the film, in seconds (more than 0), transitions included. */
  durationSeconds: number;
  /** How this shot hands over to the next one. */
  transition: Transition;
  /**
   * How long the shot's clip must be, in seconds, when the cut runs the shot past the end of its
   * clip (and past what the film showed of it before): the video stage makes the clip again this
   * long. Default: none, the clip is kept and its last frame held where the shot runs past it.
   */
  clipSeconds?: number;
  /**
   * The lines spoken while this shot is on screen, in the order they start. A line not placed in
   * any shot is not in the film (a line a later script edit added included: import a new cut).
   */
  dialogue: CutLine[];
}

/** A line of dialogue placed in a cut, named by its scene and number, wherever the editor moved it. */
export interface CutLine {
  /** The scene the line belongs to in the screenplay (it may be spoken over another scene's shot). */
  sceneId: string;
  /** The line's number in its scene, counted from 1 as the audio stage numbers them. */
  lineNumber: number;
  /** When the line starts, in seconds from the start of the shot it is placed in (0 or more). */
  offsetSeconds: number;
}
