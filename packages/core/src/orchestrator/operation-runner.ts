import { CinemaError, toCinemaError } from '../errors/index.js';
import type { Job, JobLease, JobStoreV1 } from '../job-store/v1/index.js';
import type { OperationCalls } from '../pipeline/v1/index.js';
import type { JsonValue } from '../provider/v1/index.js';
import type { Clock } from '../util/clock.js';
import type { CinemaEvent } from './events.js';
import type { OperationState } from './failure-decision.js';

/** The lease is gone (another worker took the job over, or it was cancelled): stop without writing. */
export class LeaseLost extends CinemaError {
  constructor(key: string) {
    super({ message: `lost the lease on job ${key}: another worker took it over, or it was cancelled`, category: 'cancelled' });
  }
}

export interface OperationRun {
  job: Job;
  lease: JobLease;
  store: JobStoreV1;
  clock: Clock;
  /** The key this submission carries (see `JobContext.idempotencyKey`). */
  idempotencyKey: string;
  abortSignal: AbortSignal;
  /** First and longest wait between status polls. */
  poll: { initial: number; max: number };
  /** When the job gives up (its first start + the job deadline), in ms since epoch. */
  deadlineAt: number;
  /** Asks the provider to stop the work; called when the deadline passes. */
  cancel?: (operation: JsonValue) => Promise<void>;
  /** True when another job of the movie already holds this operation (a found one must be ours). */
  ownedByAnotherJob: (operation: JsonValue) => Promise<boolean>;
  /** Where the provider work stands; the failure decision reads it. */
  state: { operation: OperationState };
  emit: (event: CinemaEvent) => void;
  boundary: (name: string) => Promise<void>;
}

/**
 * Submits provider work once and polls it to the end. After a restart it re-attaches to the saved
 * operation; after a crash between the provider accepting the work and the store recording it (the
 * submit key is recorded, the operation is not) it first asks the model to find that work.
 */
export async function runOperation<Result>(run: OperationRun, calls: OperationCalls<Result>): Promise<Result> {
  const { job, lease, store, clock } = run;
  const meta = { movieId: lease.movieId, key: job.key, stage: job.stage };
  let operation = job.operation;
  if (operation !== null) {
    run.state.operation = 'saved';
    run.emit({ type: 'job:reattached', ...meta, at: clock.now() });
  } else {
    operation = await findSubmitted(run, calls);
    if (operation === null) {
      if (!(await store.setSubmitKey(lease, run.idempotencyKey, clock.now()))) throw new LeaseLost(job.key);
      await run.boundary('before-submit');
      const started = await calls.start();
      await run.boundary('after-submit');
      if (!(await store.markSubmitted(lease, started.operation, clock.now()))) throw new LeaseLost(job.key);
      run.state.operation = 'saved';
      await run.boundary('submitted');
      run.emit({ type: 'job:submitted', ...meta, at: clock.now() });
      operation = started.operation;
    }
  }
  return pollToEnd(run, calls, operation);
}

async function findSubmitted<Result>(run: OperationRun, calls: OperationCalls<Result>): Promise<JsonValue | null> {
  const { job, lease, store, clock } = run;
  // Only the submission this key belongs to may be looked for: after a recorded failure the key is new.
  if (!calls.find || job.submitKey !== run.idempotencyKey) return null;
  let found;
  try {
    found = await calls.find();
  } catch (thrown) {
    const error = toCinemaError(thrown);
    // Submitting without knowing could pay twice: try the lookup again later instead.
    throw new CinemaError({
      message: `could not check whether the provider already has this work (${error.message}); trying again before submitting`,
      category: error.category,
      isRetryable: true,
      retryAfterMs: error.retryAfterMs,
      cause: error,
    });
  }
  if (!found || (await run.ownedByAnotherJob(found.operation))) return null;
  if (!(await store.markSubmitted(lease, found.operation, clock.now()))) throw new LeaseLost(job.key);
  run.state.operation = 'saved';
  run.emit({ type: 'job:found', movieId: lease.movieId, key: job.key, stage: job.stage, at: clock.now() });
  return found.operation;
}

async function pollToEnd<Result>(run: OperationRun, calls: OperationCalls<Result>, operation: JsonValue): Promise<Result> {
  const { job, lease, clock, abortSignal } = run;
  const meta = { movieId: lease.movieId, key: job.key, stage: job.stage };
  let delay = run.poll.initial;
  for (;;) {
    abortSignal.throwIfAborted();
    if (clock.now() >= run.deadlineAt) await giveUp(run, operation);
    let status;
    try {
      status = await calls.status(operation, abortSignal);
    } catch (thrown) {
      const error = toCinemaError(thrown);
      if (error.category === 'not_found' && !abortSignal.aborted) {
        run.state.operation = 'discarded';
        throw new CinemaError({
          message: `the provider no longer has this work or its result (${error.message}); the next attempt submits it again`,
          category: 'not_found',
          isRetryable: true,
          cause: error,
        });
      }
      // Polling is free and the work is paid for: keep polling through transient errors.
      if (!error.isRetryable || abortSignal.aborted) throw error;
      await clock.sleep(Math.max(delay, error.retryAfterMs ?? 0), abortSignal);
      delay = Math.min(delay * 2, run.poll.max);
      continue;
    }
    if (status.status === 'completed') {
      await run.boundary('provider-finished');
      return status.result;
    }
    if (status.status === 'failed') {
      run.state.operation = 'discarded';
      throw new CinemaError({
        message: `the provider failed the work: ${status.message}`,
        category: status.category ?? 'unknown',
        isRetryable: status.isRetryable ?? false,
      });
    }
    if (status.progress !== undefined) run.emit({ type: 'job:progress', ...meta, fraction: status.progress, at: clock.now() });
    await clock.sleep(status.pollAfterMs ?? delay, abortSignal);
    delay = Math.min(Math.ceil(delay * 1.5), run.poll.max);
  }
}

/** Past the deadline: stop paying for work nobody will wait for. */
async function giveUp(run: OperationRun, operation: JsonValue): Promise<never> {
  let cancelled = false;
  if (run.cancel) {
    try {
      await run.cancel(operation);
      cancelled = true;
    } catch {
      // Best effort: the job fails either way, and says the provider may still bill.
    }
  }
  run.state.operation = 'discarded';
  throw new CinemaError({
    message: `job ${run.job.key} passed its deadline while the provider was still working; ${cancelled ? 'asked the provider to cancel the work' : 'the provider could not be asked to cancel it and may still bill for it'}`,
    category: 'timeout',
    isRetryable: false,
  });
}
