import type { EditCut } from './edit-cut.js';
import type { JobOverrideRecord } from './job-override.js';

/**
 * What `generate` was asked to make. Stored with the movie (`MovieRecord.input`), so `resume` needs
 * nothing else, and handed to every stage's `plan` and `run`.
 */
export interface MovieInput {
  /**
   * The script text, in Fountain or as prose, from which the screenplay stage writes the
   * screenplay.
   */
  script: string;
  /**
   * Where the script came from (a file name), for the default movie id and for messages. Default:
   * none.
   */
  scriptName?: string;
  /** What the user asked of single jobs (`cinema redo`), by job key. Default: none. */
  overrides?: Record<string, JobOverrideRecord>;
  /**
   * An editor's re-cut (`cinema import-cut`): the edit renders these shots, trims and line places
   * instead of the screenplay's. Default: none, the film follows the screenplay.
   */
  cut?: EditCut;
  /** A redo in progress (`MovieMaker.redo`), which `resume` finishes. Default: none. */
  redo?: RedoInProgress;
}

/** What a redo still has to do, kept with the movie so a crash or Ctrl-C loses none of it. */
export interface RedoInProgress {
  /** The jobs made again. */
  keys: string[];
  /** The jobs the redo holds until its last take is in (approved when it ends). */
  held: string[];
  /** Takes still to make, the one in progress included. */
  takesLeft: number;
  /** Whether the take in progress was already asked for (its round counted), so a resume does not ask twice. */
  roundStarted: boolean;
  prompt?: string;
  seed?: number;
}
