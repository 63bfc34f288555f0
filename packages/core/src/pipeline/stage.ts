import type { Job, JobOutput, JobSpec } from '../job-store/v1/job.js';
import type { GeneratedFile, InputFile, JsonValue, OperationStatus, StartedOperation } from '../provider/v1/shared.js';
import type { Screenplay } from '../screenplay/screenplay-schema.js';

/** What `generate` was asked to make; stored with the movie so `resume` needs nothing else. */
export interface MovieInput {
  /** The script text, Fountain or prose. */
  script: string;
  /** Where the script came from, for messages. */
  scriptName?: string;
}

/** How the film looks; every stage reads the same settings. */
export interface MovieSettings {
  aspectRatio: string;
  width: number;
  height: number;
  fps: number;
  /** Burn subtitles into the picture as well as writing the `.srt`. Default: false. */
  burnSubtitles: boolean;
  /** Show a title card before and an end card after the film. Default: true. */
  cards: boolean;
}

export const defaultMovieSettings: MovieSettings = {
  aspectRatio: '16:9',
  width: 1280,
  height: 720,
  fps: 24,
  burnSubtitles: false,
  cards: true,
};

export interface PlanContext {
  movieId: string;
  input: MovieInput;
  settings: MovieSettings;
  /** The screenplay once the screenplay stage has made it. */
  screenplay: Screenplay | undefined;
  /** Results of completed jobs, by key. */
  results: ReadonlyMap<string, JsonValue>;
  /** Jobs planned so far in this pass, earlier stages first, by key. */
  planned: ReadonlyMap<string, JobSpec>;
}

export interface JobOutcome {
  outputs: JobOutput[];
  /** A small JSON result kept in the store, readable by later jobs and plans. */
  result?: JsonValue;
  costUsd: number;
  /** Plan every stage again after this job (set by jobs that change the screenplay). */
  replan?: boolean;
}

/** Long provider work: submit once, then poll. The orchestrator persists the operation between the two. */
export interface OperationCalls<Result> {
  start(): Promise<StartedOperation>;
  status(operation: JsonValue, abortSignal: AbortSignal): Promise<OperationStatus<Result>>;
  cancel?(operation: JsonValue): Promise<void>;
}

export interface JobContext {
  movieId: string;
  input: MovieInput;
  /** `{baseDir}/{movieId}`. */
  movieDir: string;
  settings: MovieSettings;
  screenplay: Screenplay | undefined;
  /** Aborted on Ctrl-C, on the attempt's timeout and when the lease is lost. */
  abortSignal: AbortSignal;
  /** The same across a crash and resume of one submission; new after the provider failed the work. */
  idempotencyKey: string;
  /** A completed dependency of this job. */
  dependency(key: string): Job;
  readAsset(relativePath: string, label?: string): Promise<InputFile>;
  /** Writes atomically (temporary name, then rename) and returns the checksum. */
  writeAsset(relativePath: string, file: GeneratedFile): Promise<JobOutput>;
  /** Submits once (re-attaching to a saved operation after a restart) and polls to the end. */
  runOperation<Result>(calls: OperationCalls<Result>): Promise<Result>;
  progress(fraction: number, message?: string): void;
  warn(message: string): void;
  /** A named point in the job's life, for fault-injection tests. */
  boundary(name: string): Promise<void>;
}

/**
 * A step of the film. `plan` turns what is known (the input, the screenplay) into jobs; `run` does
 * one job. Stages depend on each other through their jobs' `dependsOn`, not through their order, so
 * scene 1's video can render while scene 9's keyframes are still drawing.
 */
export interface Stage {
  readonly name: string;
  /** Checks the stage's models before any job starts (keys set, settings supported). Optional. */
  validate?(settings: MovieSettings): void | Promise<void>;
  plan(context: PlanContext): JobSpec[];
  run(job: Job, context: JobContext): Promise<JobOutcome>;
}
