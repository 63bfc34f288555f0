import type { JsonValue } from '../../provider/v1/json-value.js';
import type { JobAttemptError } from './job-attempt-error.js';
import type { JobOutput } from './job-output.js';
import type { JobSpec } from './job-spec.js';
import type { JobStatus } from './job-status.js';
import type { JobTake } from './job-take.js';

/**
 * A job as the store keeps it: its spec with every default filled in (`priority` 0, `maxAttempts`
 * 3, `estimatedCostUsd` 0), and where it stands. The store hands out copies: changing one changes
 * nothing stored. All times are ms since the epoch, on the clock the caller passed as `now`.
 */
export interface Job extends Required<Omit<JobSpec, 'sceneId' | 'characterId' | 'produces'>> {
  /** The movie the job belongs to; keys are unique within a movie only. */
  movieId: string;
  /** The scene the job belongs to, or null when its spec named none. */
  sceneId: string | null;
  /** The character the job draws or voices, or null when its spec named none. */
  characterId: string | null;
  /** Where the job is in its life (see `JobStatus`). */
  status: JobStatus;
  /**
   * Attempts started: every claim counts one. A rate-limited attempt is given back, and so is one
   * interrupted by a stop or a crash while the provider held the work (`release`, lease expiry with
   * a saved operation): re-attaching to that work continues the attempt, it does not start one.
   * Reset to 0 by `retry`.
   */
  attempts: number;
  /** Dependencies (`dependsOn`) not yet completed; the job is claimable only at 0. */
  pendingDependencies: number;
  /**
   * Not claimed before this time: when it was created, then when a retry is due (`fail`'s
   * `retryAt`), or when it was given back.
   */
  runAt: number;
  /**
   * The worker holding the lease, `{host}:{pid}:{random}` for core's orchestrator, so that a resume
   * on the same host can tell a dead process's leases and end them at once. Null when no one holds
   * it.
   */
  leaseOwner: string | null;
  /**
   * Increases on every claim, from 0 before the first; a worker's writes carry the token it claimed
   * with (`JobLease.token`), and the store refuses any other, so a worker that lost the job can
   * change nothing.
   */
  leaseToken: number;
  /**
   * When the lease runs out unless a heartbeat extends it (`reclaimExpired` then takes the job
   * back). Null when no one holds it.
   */
  leaseExpiresAt: number | null;
  /**
   * The idempotency key of the submission in flight, recorded just before the provider is called.
   * Set while `operation` is null, it means a stop or crash may have come after the provider
   * accepted the work and before `markSubmitted`: the next attempt asks the model to find that work
   * (`doFind`) before submitting again. Null until the first submission.
   */
  submitKey: string | null;
  /**
   * The provider's operation once it accepted the work (`StartedOperation.operation`), so a
   * restarted run polls it instead of paying again. Null before submission, for one-call models,
   * and once the provider failed the work or its result was lost (the next attempt submits anew).
   */
  operation: JsonValue | null;
  /** The files the completed attempt wrote (the take in use). Empty until the job completes. */
  outputs: JobOutput[];
  /**
   * The number of the take in use (`outputs` and `result`): 1 once the job first completes, higher
   * after it was made again; 0 before it ever completed.
   */
  take: number;
  /** The job's other finished versions, oldest first (see `JobTake`); the take in use is not among them. */
  takes: JobTake[];
  /**
   * Small structured result (e.g. the screenplay) for later jobs and plans (`PlanContext.results`),
   * from `JobOutcome.result`. Null until the job completes, or when it returned none.
   */
  result: JsonValue | null;
  /** One entry per failed attempt, oldest first; kept by `retry`. */
  errors: JobAttemptError[];
  /**
   * US dollars spent on the job so far, over every attempt: the completed one's cost plus what
   * failed attempts reported. Counted against the budget.
   */
  costUsd: number;
  /** When the job was first enqueued. */
  createdAt: number;
  /** When the store last changed the job. */
  updatedAt: number;
  /**
   * When the first attempt started; cleared by `retry`. The job's deadline (`jobDeadlineMs`, 6
   * hours by default) counts from here. Null until the first claim.
   */
  firstStartedAt: number | null;
  /** When the job completed. Null until then. */
  completedAt: number | null;
}
