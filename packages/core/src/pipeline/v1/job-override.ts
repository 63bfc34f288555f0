/**
 * What the user asked a job to do differently (`cinema redo --prompt ... --seed ...`), kept with
 * the movie (`MovieInput.overrides`) so every later plan makes the same job the same way. The
 * orchestrator folds it into the job's input (so a new one makes a new take) and hands it to the
 * stage as `JobContext.override`.
 */
export interface JobOverride {
  /** Used instead of the prompt the stage would write (for speech: the delivery instructions). Default: the stage's. */
  prompt?: string;
  /** Asked of models that take a seed. Default: none. */
  seed?: number;
  /** Counts the takes a redo asked for, so each is a new input and a new take. Default: 0. */
  round?: number;
}

/** A job's override, and the override each of its takes was made with (so `pick` can put one back). */
export interface JobOverrideRecord extends JobOverride {
  /** Take number → the override it was made with (null: none). */
  takes?: Record<string, JobOverride | null>;
}
