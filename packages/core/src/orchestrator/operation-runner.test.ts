import { describe, expect, it } from 'vitest';
import { ApiCallError, CinemaError } from '../errors/index.js';
import { MemoryJobStore } from '../job-store/memory-job-store.js';
import type { Job, JobLease } from '../job-store/v1/index.js';
import type { OperationCalls } from '../pipeline/v1/index.js';
import type { JsonValue, OperationStatus } from '../provider/v1/index.js';
import { ManualClock } from '../testing/manual-clock.js';
import type { CinemaEvent } from './events.js';
import type { OperationState } from './failure-decision.js';
import { type OperationRun, runOperation } from './operation-runner.js';

const movieId = 'm';
const key = 'video:scene_1:shot_1';

async function claimedJob(store: MemoryJobStore, clock: ManualClock, prepare?: (lease: JobLease) => Promise<void>): Promise<Job> {
  await store.createMovie({ id: movieId, input: {}, now: clock.now() });
  await store.enqueue(movieId, [{ key, stage: 'videos', lane: 'fake', input: {}, inputHash: 'h', dependsOn: [] }], clock.now());
  let [job] = await store.claim({ movieId, workerId: 'w', limit: 1, leaseMs: 60_000, now: clock.now() });
  if (prepare) {
    await prepare({ movieId, key, token: job!.leaseToken });
    await store.release({ movieId, key, token: job!.leaseToken }, clock.now());
    [job] = await store.claim({ movieId, workerId: 'w', limit: 1, leaseMs: 60_000, now: clock.now() });
  }
  return job!;
}

function setUp(job: Job, store: MemoryJobStore, clock: ManualClock, overrides: Partial<OperationRun> = {}) {
  const events: CinemaEvent['type'][] = [];
  const state = { operation: 'none' as OperationState };
  const run: OperationRun = {
    job,
    lease: { movieId, key, token: job.leaseToken },
    store,
    clock,
    idempotencyKey: 'idem-1',
    abortSignal: new AbortController().signal,
    poll: { initial: 10, max: 10 },
    deadlineAt: clock.now() + 60_000,
    ownedByAnotherJob: async () => false,
    state,
    emit: (event) => events.push(event.type),
    boundary: async () => undefined,
    ...overrides,
  };
  return { run, events, state };
}

function scripted(statuses: (OperationStatus<string> | Error)[], extra: Partial<OperationCalls<string>> = {}) {
  const log: string[] = [];
  const calls: OperationCalls<string> = {
    start: async () => (log.push('start'), { operation: { id: 'op-1' } }),
    status: async (operation: JsonValue) => {
      log.push(`status ${JSON.stringify(operation)}`);
      const next = statuses.shift() ?? { status: 'completed', result: 'done' };
      if (next instanceof Error) throw next;
      return next;
    },
    ...extra,
  };
  return { calls, log };
}

/** Runs `runOperation` while moving the manual clock, so its polling sleeps pass. */
async function drive<Result>(clock: ManualClock, promise: Promise<Result>): Promise<Result> {
  let settled = false;
  promise.then(() => (settled = true), () => (settled = true));
  for (let step = 0; step < 200 && !settled; step++) await clock.advance(10);
  return promise;
}

describe('runOperation', () => {
  it('records the submit key before submitting, saves the operation, and polls to the end', async () => {
    const store = new MemoryJobStore();
    const clock = new ManualClock();
    const job = await claimedJob(store, clock);
    const { run, events, state } = setUp(job, store, clock);
    const { calls, log } = scripted([{ status: 'pending', progress: 0.5 }, { status: 'completed', result: 'clip' }]);
    expect(await drive(clock, runOperation(run, calls))).toBe('clip');
    expect(log).toEqual(['start', 'status {"id":"op-1"}', 'status {"id":"op-1"}']);
    expect(await store.getJob(movieId, key)).toMatchObject({ status: 'waiting', submitKey: 'idem-1', operation: { id: 'op-1' } });
    expect(events).toEqual(['job:submitted', 'job:progress']);
    expect(state.operation).toBe('saved');
  });

  it('re-attaches to a saved operation without submitting', async () => {
    const store = new MemoryJobStore();
    const clock = new ManualClock();
    const job = await claimedJob(store, clock, (lease) => store.markSubmitted(lease, { id: 'op-saved' }, clock.now()).then(() => undefined));
    const { run, events } = setUp(job, store, clock);
    const { calls, log } = scripted([]);
    expect(await drive(clock, runOperation(run, calls))).toBe('done');
    expect(log).toEqual(['status {"id":"op-saved"}']);
    expect(events).toEqual(['job:reattached']);
  });

  it('after a crash between accept and record, finds the accepted work instead of paying again', async () => {
    const store = new MemoryJobStore();
    const clock = new ManualClock();
    const job = await claimedJob(store, clock, (lease) => store.setSubmitKey(lease, 'idem-1', clock.now()).then(() => undefined));
    const { run, events } = setUp(job, store, clock);
    const { calls, log } = scripted([], { find: async () => (log.push('find'), { operation: { id: 'op-found' } }) });
    expect(await drive(clock, runOperation(run, calls))).toBe('done');
    expect(log).toEqual(['find', 'status {"id":"op-found"}']);
    expect(events).toEqual(['job:found']);
    expect((await store.getJob(movieId, key))!.operation).toEqual({ id: 'op-found' });
  });

  it('looks for earlier work only for the submission its key belongs to, and never takes another job\'s', async () => {
    const store = new MemoryJobStore();
    const clock = new ManualClock();
    const job = await claimedJob(store, clock, (lease) => store.setSubmitKey(lease, 'idem-0', clock.now()).then(() => undefined));
    const other = scripted([], { find: async () => (other.log.push('find'), { operation: { id: 'x' } }) });
    await drive(clock, runOperation(setUp(job, store, clock).run, other.calls));
    expect(other.log).toEqual(['start', 'status {"id":"op-1"}']);

    const second = new MemoryJobStore();
    const secondJob = await claimedJob(second, clock, (lease) => second.setSubmitKey(lease, 'idem-1', clock.now()).then(() => undefined));
    const owned = scripted([], { find: async () => (owned.log.push('find'), { operation: { id: 'someone-elses' } }) });
    await drive(clock, runOperation(setUp(secondJob, second, clock, { ownedByAnotherJob: async () => true }).run, owned.calls));
    expect(owned.log).toEqual(['find', 'start', 'status {"id":"op-1"}']);
  });

  it('does not submit when the lookup itself fails: the attempt is retried', async () => {
    const store = new MemoryJobStore();
    const clock = new ManualClock();
    const job = await claimedJob(store, clock, (lease) => store.setSubmitKey(lease, 'idem-1', clock.now()).then(() => undefined));
    const { calls, log } = scripted([], { find: async () => { throw new ApiCallError({ message: 'HTTP 503', url: 'https://x.test', statusCode: 503 }); } });
    const error = await drive(clock, runOperation(setUp(job, store, clock).run, calls)).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ isRetryable: true });
    expect((error as Error).message).toMatch(/already has this work/);
    expect(log).toEqual([]);
  });

  it('keeps polling through transient errors; a 404 means the work is gone and must be made again', async () => {
    const store = new MemoryJobStore();
    const clock = new ManualClock();
    const job = await claimedJob(store, clock);
    const { run, state } = setUp(job, store, clock);
    const transient = new ApiCallError({ message: 'HTTP 502', url: 'https://x.test', statusCode: 502 });
    const gone = new ApiCallError({ message: 'HTTP 404', url: 'https://x.test', statusCode: 404 });
    const { calls, log } = scripted([transient, gone]);
    const error = await drive(clock, runOperation(run, calls)).catch((caught: unknown) => caught);
    expect(log).toHaveLength(3);
    expect(error).toMatchObject({ category: 'not_found', isRetryable: true });
    expect((error as Error).message).toMatch(/submits it again/);
    expect(state.operation).toBe('discarded');
  });

  it('marks work the provider failed as discarded', async () => {
    const store = new MemoryJobStore();
    const clock = new ManualClock();
    const job = await claimedJob(store, clock);
    const { run, state } = setUp(job, store, clock);
    const { calls } = scripted([{ status: 'failed', message: 'NSFW', category: 'content_policy' }]);
    await expect(drive(clock, runOperation(run, calls))).rejects.toThrow('the provider failed the work: NSFW');
    expect(state.operation).toBe('discarded');
  });

  it('past the deadline asks the provider to cancel and fails for good', async () => {
    const store = new MemoryJobStore();
    const clock = new ManualClock();
    const job = await claimedJob(store, clock);
    const cancelled: JsonValue[] = [];
    const { run, state } = setUp(job, store, clock, { deadlineAt: clock.now() + 50, cancel: async (operation) => void cancelled.push(operation) });
    const { calls } = scripted(Array.from({ length: 100 }, () => ({ status: 'pending' as const })));
    const error = await drive(clock, runOperation(run, calls)).catch((caught: unknown) => caught);
    expect(CinemaError.isInstance(error) && error.category).toBe('timeout');
    expect((error as Error).message).toMatch(/asked the provider to cancel/);
    expect(cancelled).toEqual([{ id: 'op-1' }]);
    expect(state.operation).toBe('discarded');
  });
});
