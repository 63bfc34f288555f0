import type { JsonValue } from '../../provider/v1/json-value.js';

/** A movie as the store keeps it: what it is made from and what the last run knew. */
export interface MovieRecord {
  /**
   * The movie id, e.g. `the-lighthouse-3f2a1b`; also the name of its directory under the base
   * directory.
   */
  id: string;
  /** When the movie was created, in ms since the epoch. */
  createdAt: number;
  /** When its state was last saved, in ms since the epoch. */
  updatedAt: number;
  /**
   * What the movie is made from (`MovieInput`: the script and its file name), as given to
   * `generate`; `resume` reads it back, so it needs nothing else.
   */
  input: JsonValue;
  /** The `PipelineState` saved at the end of the last run. Null until a run ended. */
  state: JsonValue | null;
}
