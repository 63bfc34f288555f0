import type { Job, JobOutput } from '../../job-store/v1/job.js';
import type { GeneratedFile, InputFile } from '../../provider/v1/shared.js';
import type { Screenplay } from '../../screenplay/screenplay-schema.js';
import type { MovieInput } from './movie-input.js';
import type { MovieSettings } from './movie-settings.js';
import type { OperationCalls } from './operation-calls.js';

/** What a stage's `run` gets besides its job: the movie, the I/O it may do, and the run's controls. */
export interface JobContext {
  movieId: string;
  input: MovieInput;
  /** `{baseDir}/{movieId}`. */
  movieDir: string;
  settings: MovieSettings;
  /** The parsed screenplay (planned jobs of later stages always have it). */
  screenplay: Screenplay | undefined;
  /** Aborted on Ctrl-C, on the attempt's timeout and when the lease is lost: pass it to every call. */
  abortSignal: AbortSignal;
  /**
   * Derived from the job and its recorded failures: the same across a crash and resume of one
   * submission (so a provider that honours it never runs it twice), new after the provider failed
   * the work (so the retry is not deduplicated away). Pass it to every model call.
   */
  idempotencyKey: string;
  /** A completed dependency of this job, by key. Throws a CinemaError for a key not in `dependsOn`. */
  dependency(key: string): Job;
  /** Reads a finished asset (relative to `movieDir`) as a model input. */
  readAsset(relativePath: string, label?: string): Promise<InputFile>;
  /** Writes atomically (temporary name, fsync, then rename) and returns the checksum and size. */
  writeAsset(relativePath: string, file: GeneratedFile): Promise<JobOutput>;
  /** Submits once (re-attaching to a saved operation after a restart) and polls to the end. */
  runOperation<Result>(calls: OperationCalls<Result>): Promise<Result>;
  /** Reports progress (0..1) as a `job:progress` event. */
  progress(fraction: number, message?: string): void;
  /** Reports something the user should know (a setting a model ignored) as a `job:warning` event. */
  warn(message: string): void;
  /** A named point in the job's life, for fault-injection tests; does nothing otherwise. */
  boundary(name: string): Promise<void>;
}
