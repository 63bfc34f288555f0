import type { Job } from '../../job-store/v1/job.js';
import type { JobSpec } from '../../job-store/v1/job-spec.js';
import type { JobContext } from './job-context.js';
import type { JobOutcome } from './job-outcome.js';
import type { MovieSettings } from './movie-settings.js';
import type { PlanContext } from './plan-context.js';

/**
 * A step of the film. `plan` turns what is known (the input, the screenplay) into jobs; `run` does
 * one job. Stages depend on each other through their jobs' `dependsOn`, found by what a job
 * `produces`, not through their order, so scene 1's video can render while scene 9's keyframes are
 * still drawing.
 */
export interface StageV1 {
  /** Which Stage spec this stage speaks; checked when the config is resolved. */
  readonly specificationVersion: 'v1';
  /**
   * Unique within a pipeline; a stage with the name of another replaces it (`pipeline.then`). Also
   * the `stage` of every job it plans, which is how a job finds the stage that runs it.
   */
  readonly name: string;
  /**
   * Checks the stage's models before any job starts and without spending (keys set, settings
   * supported), throwing a CinemaError that says what to do. Called before every run, in pipeline
   * order. Optional.
   */
  validate?(settings: MovieSettings): void | Promise<void>;
  /**
   * The stage's jobs for what is known now. Called again whenever something new is known (the
   * screenplay appeared), several times per planning, and by `cinema estimate`, so it must be a
   * quick, pure function of the context that spends nothing: the same context gives the same specs,
   * and a job whose `inputHash` is unchanged is kept.
   */
  plan(context: PlanContext): JobSpec[];
  /**
   * Does one job; throws a CinemaError to fail the attempt (retried when `isRetryable`, while the
   * job has attempts left). It may run again for the same job, after a failed attempt or a crash,
   * so do the work through `context`: provider work given to `runOperation` is re-attached rather
   * than paid for twice, and a file written with `writeAsset` is replaced whole.
   */
  run(job: Job, context: JobContext): Promise<JobOutcome>;
  /**
   * Asks the provider to stop the job's saved operation (`cinema cancel`, a passed deadline), so
   * queued work nobody wants stops being billed. Called only for a job with an operation; a failure
   * is reported, and the job ends either way. Optional: without it the work is left to finish.
   */
  cancel?(job: Job): Promise<void>;
}
