import type { JobStoreV1 } from '../job-store/v1/index.js';
import type { AssetCheckerV1 } from '../quality/v1/index.js';
import type { AssetStoreV1 } from '../storage/v1/index.js';
import type { JudgeSettings } from './judge.js';
import type { Clock } from '../util/clock.js';
import type { RetryPolicy } from './backoff.js';
import type { CinemaEventListener } from './events.js';

export interface LaneLimits {
  /**
   * Most jobs of this lane running at once, across every process, machine and movie sharing the job
   * store (a provider limits an account). Default: 4.
   */
  concurrency?: number;
  /**
   * Most jobs of this lane started in any 60 seconds, across every process, machine and movie
   * sharing the job store: one start every 60 s / limit. A 429 with Retry-After pauses the lane for
   * all of them. Default: no limit.
   */
  requestsPerMinute?: number;
}

export interface OrchestratorOptions {
  store: JobStoreV1;
  /**
   * Where the movie's files live for every machine (see `AssetStoreV1`): each job's outputs are put
   * there before it completes, and its inputs got from there into the local movie folder first.
   * Default: none, the local movie folder is the only copy.
   */
  assets?: AssetStoreV1;
  /** Per lane (provider name). */
  limits?: Record<string, LaneLimits>;
  /** Concurrency of lanes with no limit of their own. Default: 4. */
  defaultConcurrency?: number;
  /** Jobs this process runs at once, all lanes together. Default: 64. */
  maxInFlight?: number;
  /** Stop starting paid jobs before spent + reserved would pass this many dollars. */
  maxCostUsd?: number;
  /**
   * Stages whose jobs wait for approval before they start (`review.before`, e.g. `['videos']` to
   * look at the stills before paying for clips); a job made again with other inputs waits again.
   * Default: none.
   */
  reviewBefore?: readonly string[];
  /**
   * Checks every file a stage declares (`JobOutcome.expect`) before its job counts as done; a take
   * that fails is made again. Default: none (the CLI uses `@cinema/postprod-ffmpeg`'s).
   */
  checker?: AssetCheckerV1;
  /**
   * A vision model that scores every still and clip (`models.judge`) against its shot and its
   * references; a take below the threshold is made again within its attempts and the budget, and
   * when none passes the best is kept and flagged. Default: none.
   */
  judge?: JudgeSettings;
  retry?: Partial<RetryPolicy>;
  /** Default: 60,000 ms; heartbeats every third of it. */
  leaseMs?: number;
  /** How often jobs of workers that are gone (expired leases, dead processes of this host) are looked for. Default: 15,000 ms. */
  sweepMs?: number;
  /** How often the store is asked for work other processes may have unblocked. Default: 500 ms. */
  idlePollMs?: number;
  /** First and longest wait between status polls of provider work. Default: 1,000 and 10,000 ms. */
  operationPollMs?: { initial: number; max: number };
  /** One attempt may take this long. Default: 30 minutes. */
  attemptTimeoutMs?: number;
  /** A job gives up this long after its first attempt started. Default: 6 hours. */
  jobDeadlineMs?: number;
  workerId?: string;
  clock?: Clock;
  fetch?: typeof globalThis.fetch;
  onEvent?: CinemaEventListener;
  /**
   * Plans the movie's jobs into the store and returns (status `running`) without running any, for
   * workers on any machine to make (`cinema generate --detach`, then `cinema worker`). Default: false.
   */
  planOnly?: boolean;
  /** Stops the run cleanly: no new jobs, running ones given back; provider work is re-attached on resume. */
  abortSignal?: AbortSignal;
  /** Called at named points of each job (fault-injection tests). */
  onBoundary?: (name: string, job: { key: string; stage: string }) => void | Promise<void>;
}
