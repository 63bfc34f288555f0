import type { ErrorCategory } from '../../errors/cinema-error.js';
import type { JsonValue } from '../../provider/v1/shared.js';
import type { JobArtifact } from './job-artifact.js';

/**
 * - `pending`: waiting for its dependencies or its `runAt`;
 * - `in_progress`: claimed by a worker under a lease;
 * - `waiting`: the provider accepted the work and the operation is saved; polling;
 * - `completed`, `failed`, `cancelled`: final until someone retries.
 */
export type JobStatus = 'pending' | 'in_progress' | 'waiting' | 'completed' | 'failed' | 'cancelled';

export const jobStatuses: readonly JobStatus[] = ['pending', 'in_progress', 'waiting', 'completed', 'failed', 'cancelled'];

/** What a stage asks the store to remember before anything runs. */
export interface JobSpec {
  /** Stable within the movie and derived from what the job makes, e.g. `keyframe:scene_1:shot_1:first_frame`. */
  key: string;
  /** The stage that runs it. */
  stage: string;
  /** Concurrency and rate limits apply per lane, usually the provider name (`fal`). */
  lane: string;
  /** Everything the stage needs to run the job. */
  input: JsonValue;
  /** Hash of `input`: the same key with a different hash is re-planned while not completed. */
  inputHash: string;
  /** Keys of jobs that must complete first. */
  dependsOn: string[];
  /** Lower runs first. Default: 0. */
  priority?: number;
  /** Default: 3. */
  maxAttempts?: number;
  /** Dollars the job is expected to cost, reserved against the budget while it runs. Default: 0. */
  estimatedCostUsd?: number;
  /** The scene the job belongs to, for listings and per-scene progress. Default: none. */
  sceneId?: string;
  /** The character the job draws, for listings. Default: none. */
  characterId?: string;
  /**
   * What the job makes, so later stages find it by what it is (see `JobArtifact`) through
   * `PlanContext.producerOf`. Used while planning only; not kept by the store. Default: nothing
   * other stages look for.
   */
  produces?: JobArtifact;
}

export interface JobOutput {
  /** Relative to the movie's directory. */
  path: string;
  sha256: string;
  bytes: number;
}

export interface JobAttemptError {
  attempt: number;
  message: string;
  category: ErrorCategory;
  isRetryable: boolean;
  at: number;
}

export interface Job extends Required<Omit<JobSpec, 'sceneId' | 'characterId' | 'produces'>> {
  movieId: string;
  sceneId: string | null;
  characterId: string | null;
  status: JobStatus;
  /**
   * Attempts started: every claim counts one. A rate-limited attempt is given back, and so is one
   * interrupted by a stop or a crash while the provider held the work (`release`, lease expiry with
   * a saved operation): re-attaching to that work continues the attempt, it does not start one.
   */
  attempts: number;
  /** Dependencies not yet completed. */
  pendingDependencies: number;
  /** Not claimed before this time (ms since epoch). */
  runAt: number;
  leaseOwner: string | null;
  /** Increases on every claim; every worker write is fenced by it. */
  leaseToken: number;
  leaseExpiresAt: number | null;
  /**
   * The idempotency key of the submission in flight, recorded just before the provider is called.
   * Set while `operation` is null, it means a crash may have come after the provider accepted the
   * work and before `markSubmitted`: the next attempt asks the model to find that work
   * (`findOperation`) before submitting again.
   */
  submitKey: string | null;
  /** The provider's operation once it accepted the work. */
  operation: JsonValue | null;
  outputs: JobOutput[];
  /** Small structured result (e.g. the screenplay) for later stages. */
  result: JsonValue | null;
  errors: JobAttemptError[];
  costUsd: number;
  createdAt: number;
  updatedAt: number;
  /** When the first attempt started; the job's deadline counts from here. */
  firstStartedAt: number | null;
  completedAt: number | null;
}

/** Proof that a worker holds a job; every write after the claim carries it. */
export interface JobLease {
  movieId: string;
  key: string;
  token: number;
}

export interface ClaimRequest {
  movieId: string;
  workerId: string;
  /** Claim at most this many. */
  limit: number;
  leaseMs: number;
  now: number;
  /** Per lane, the most jobs that may be `in_progress` or `waiting` at once, across all processes. */
  laneConcurrency?: Record<string, number>;
  /** Lanes not to claim from now (rate limited in this process). */
  excludeLanes?: string[];
  /**
   * The movie's budget: a job is claimed only if spent + reserved (estimates of running jobs) +
   * its own estimate stays within it.
   */
  maxCostUsd?: number;
}

export interface JobCompletion {
  outputs: JobOutput[];
  result?: JsonValue;
  costUsd: number;
}

export interface JobFailure {
  error: Omit<JobAttemptError, 'attempt' | 'at'>;
  /** When to try again, or null to fail the job for good. */
  retryAt: number | null;
  /** False for rate limits: the attempt is given back. */
  consumeAttempt: boolean;
  /** Cost incurred by the failed attempt. Default: 0. */
  costUsd?: number;
  /**
   * Keep the saved provider operation for the next attempt, which then re-attaches to it (status
   * `waiting`) instead of submitting again. Set when the provider finished the work, or may still,
   * and only fetching or checking its result failed (a download broke off, a 5xx on the result):
   * the work is paid for, so it is fetched again, never bought twice. Default: false, the operation
   * is dropped (the provider failed the work, or its result is gone) and the next attempt submits anew.
   */
  keepOperation?: boolean;
}

export interface StageSummary {
  total: number;
  pending: number;
  inProgress: number;
  waiting: number;
  completed: number;
  failed: number;
  cancelled: number;
  costUsd: number;
}

export interface JobSummary extends StageSummary {
  stages: Record<string, StageSummary>;
  /** Estimated cost of every job not yet completed. */
  remainingEstimateUsd: number;
}

export interface MovieRecord {
  id: string;
  createdAt: number;
  updatedAt: number;
  /** What the movie was made from (script path, options), as given to `generate`. */
  input: JsonValue;
  /** The persisted PipelineState. */
  state: JsonValue | null;
}
