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
}
