import type { Job } from '../../job-store/v1/job.js';
import type { JobOutput } from '../../job-store/v1/job-output.js';
import type { GeneratedFile } from '../../provider/v1/generated-file.js';
import type { InputFile } from '../../provider/v1/input-file.js';
import type { Screenplay } from '../../screenplay/screenplay-schema.js';
import type { JobOverride } from './job-override.js';
import type { MovieInput } from './movie-input.js';
import type { MovieSettings } from './movie-settings.js';
import type { OperationCalls } from './operation-calls.js';

/**
 * What a stage's `run` gets besides its job: the movie, the I/O it may do, and the run's controls.
 * A new one is made for every attempt.
 */
export interface JobContext {
  /** The movie the job belongs to. */
  movieId: string;
  /** What the movie is made from: the script and its file name. */
  input: MovieInput;
  /** The movie's directory, `{baseDir}/{movieId}`, absolute; every asset path is relative to it. */
  movieDir: string;
  /** The film's settings, with the defaults filled in. */
  settings: MovieSettings;
  /**
   * The parsed screenplay; undefined only for the jobs that make it (the writer, the enhancer).
   * Read the screenplay here, not through `dependency`: the screenplay job is not loaded as one.
   */
  screenplay: Screenplay | undefined;
  /**
   * Aborted on Ctrl-C, on the attempt's timeout (30 minutes by default) and when the lease is lost
   * (`cinema cancel`, or another worker took the job over): pass it to every call. The reason says
   * which.
   */
  abortSignal: AbortSignal;
  /**
   * Derived from the job and its recorded failures: the same across a crash and resume of one
   * submission (so a provider that honours it never runs it twice), new after the provider failed
   * the work (so the retry is not deduplicated away). Pass it to every model call.
   */
  idempotencyKey: string;
  /**
   * A completed dependency of this job, by key, as it was when the attempt started: its `outputs`
   * and `result`. Throws a CinemaError for a key not in the job's `dependsOn`, and for the
   * screenplay job's key (read `screenplay` instead).
   */
  dependency(key: string): Job;
  /**
   * Reads a file of the movie (relative to `movieDir`), usually an earlier job's output, into
   * memory as a model input; its media type comes from the extension and `label` says what it
   * shows. With an asset store that serves URLs, the file also carries one (`InputFile.url`). The
   * outputs of the job's dependencies are in the movie folder before the stage runs (got from the
   * asset store when this machine lacks them). Rejects when the file is missing.
   */
  readAsset(relativePath: string, label?: string): Promise<InputFile>;
  /**
   * Writes a model's file under `movieDir` atomically (temporary name, fsync, then rename),
   * downloading it first when it is a URL, and returns its checksum and size for `JobOutcome`.
   * Rejects with a retryable CinemaError for a broken, short or empty file (see `GeneratedFile`).
   */
  writeAsset(relativePath: string, file: GeneratedFile): Promise<JobOutput>;
  /**
   * Submits once (re-attaching to a saved operation after a restart, or finding work a crash left
   * unrecorded) and polls to the end; resolves with the result, or rejects with why the work failed
   * or was abandoned.
   */
  runOperation<Result>(calls: OperationCalls<Result>): Promise<Result>;
  /** Reports progress (0..1) as a `job:progress` event, with an optional message. */
  progress(fraction: number, message?: string): void;
  /**
   * Reports something the user should know (a setting a model ignored) as a `job:warning` event.
   */
  warn(message: string): void;
  /** A named point in the job's life, for fault-injection tests; does nothing otherwise. */
  boundary(name: string): Promise<void>;
  /**
   * What the user asked this job to do differently (`cinema redo --prompt/--seed`): stages use its
   * prompt and seed over their own. Undefined when nothing was asked.
   */
  override: JobOverride | undefined;
}
