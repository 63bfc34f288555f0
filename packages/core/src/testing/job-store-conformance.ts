import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ClaimRequest, Job, JobLease, JobSpec, JobStoreV1 } from '../job-store/v1/index.js';
import type { JsonValue } from '../provider/v1/index.js';
import { describeEventLogConformance } from './event-log-conformance.js';

/** Options of {@link runJobStoreConformance}. */
export interface JobStoreConformanceOptions {
  /**
   * Opens a second handle on the same storage as `store` (another connection, as another process
   * would have). When given, the concurrency tests also race two handles. Default: not given, so
   * they race calls on one handle only.
   */
  openAnother?: (store: JobStoreV1) => Promise<JobStoreV1> | JobStoreV1;
  /** Called after each test, once the store is closed (e.g. to delete its files). */
  cleanup?: (store: JobStoreV1) => Promise<void> | void;
  /** Per-test timeout in ms. Default: vitest's. */
  timeoutMs?: number;
}

const movieId = 'movie-1';
const t0 = 1_700_000_000_000;

/** A job spec with sensible defaults; `overrides` win. */
function spec(key: string, overrides: Partial<JobSpec> = {}): JobSpec {
  return { key, stage: 'keyframes', lane: 'fal', input: { prompt: key }, inputHash: `hash:${key}`, dependsOn: [], ...overrides };
}

function claimRequest(overrides: Partial<ClaimRequest> = {}): ClaimRequest {
  return { movieId, workerId: 'worker-1', limit: 10, leaseMs: 60_000, now: t0, ...overrides };
}

function leaseOf(job: Job): JobLease {
  return { movieId: job.movieId, key: job.key, token: job.leaseToken };
}

function keys(jobs: Job[]): string[] {
  return jobs.map((job) => job.key).sort();
}

/**
 * Runs the JobStoreV1 contract against a store. `createStore` must return a fresh, empty store for
 * every test; the suite closes it afterwards. Call it at the top level of a vitest test file:
 *
 * ```ts
 * runJobStoreConformance('MemoryJobStore', () => new MemoryJobStore());
 * ```
 */
export function runJobStoreConformance(
  name: string,
  createStore: () => Promise<JobStoreV1> | JobStoreV1,
  options: JobStoreConformanceOptions = {},
): void {
  describe(`JobStoreV1 conformance: ${name}`, () => {
    let store: JobStoreV1;
    const extraStores: JobStoreV1[] = [];

    beforeEach(async () => {
      store = await createStore();
      await store.createMovie({ id: movieId, input: { script: 'script.fountain' }, now: t0 });
    });

    afterEach(async () => {
      for (const extra of extraStores.splice(0)) await extra.close();
      await store.close();
      await options.cleanup?.(store);
    });

    async function another(): Promise<JobStoreV1> {
      if (!options.openAnother) return store;
      const extra = await options.openAnother(store);
      extraStores.push(extra);
      return extra;
    }

    async function claimOne(overrides: Partial<ClaimRequest> = {}): Promise<Job> {
      const [job, ...rest] = await store.claim(claimRequest({ limit: 1, ...overrides }));
      expect(rest).toEqual([]);
      expect(job).toBeDefined();
      return job!;
    }

    async function job(key: string, movie = movieId): Promise<Job> {
      const found = await store.getJob(movie, key);
      expect(found, `job ${key}`).toBeDefined();
      return found!;
    }

    const test = (title: string, body: () => Promise<void>) => it(title, body, options.timeoutMs);

    describeEventLogConformance(() => store, test);

    describe('movies', () => {
      test('createMovie is idempotent and keeps the first record', async () => {
        const again = await store.createMovie({ id: movieId, input: { script: 'other.fountain' }, now: t0 + 500 });
        expect(again).toEqual({ id: movieId, createdAt: t0, updatedAt: t0, input: { script: 'script.fountain' }, state: null });
        expect(await store.getMovie(movieId)).toEqual(again);
      });

      test('getMovie of an unknown id is undefined; listMovies lists every movie', async () => {
        expect(await store.getMovie('nope')).toBeUndefined();
        await store.createMovie({ id: 'movie-2', input: null, now: t0 + 1 });
        const movies = await store.listMovies();
        expect(movies.map((movie) => movie.id).sort()).toEqual([movieId, 'movie-2']);
        expect(movies.find((movie) => movie.id === 'movie-2')).toEqual({ id: 'movie-2', createdAt: t0 + 1, updatedAt: t0 + 1, input: null, state: null });
      });

      test('saveState stores the state and bumps updatedAt', async () => {
        const state: JsonValue = { stage: 'keyframes', done: ['screenplay'], nested: { n: 1.5, ok: true, none: null } };
        await store.saveState(movieId, state, t0 + 10);
        expect(await store.getMovie(movieId)).toEqual({ id: movieId, createdAt: t0, updatedAt: t0 + 10, input: { script: 'script.fountain' }, state });
        await store.saveState(movieId, { stage: 'done' }, t0 + 20);
        expect((await store.getMovie(movieId))?.state).toEqual({ stage: 'done' });
      });

      test('operations on an unknown movie reject', async () => {
        await expect(store.enqueue('nope', [spec('a')], t0)).rejects.toThrow();
        await expect(store.saveState('nope', {}, t0)).rejects.toThrow();
      });

      test('jobs of different movies are separate, even with the same key', async () => {
        await store.createMovie({ id: 'movie-2', input: null, now: t0 });
        await store.enqueue(movieId, [spec('a')], t0);
        await store.enqueue('movie-2', [spec('a', { input: 'second' })], t0);
        const claimed = await claimOne();
        await store.complete(leaseOf(claimed), { outputs: [], costUsd: 1 }, t0);
        expect((await job('a', 'movie-2')).status).toBe('pending');
        expect((await job('a', 'movie-2')).input).toBe('second');
        expect(await store.listJobs('movie-2')).toHaveLength(1);
        expect((await store.summarize('movie-2')).costUsd).toBe(0);
      });
    });

    describe('enqueue', () => {
      test('creates pending jobs with documented defaults', async () => {
        expect(await store.enqueue(movieId, [spec('a'), spec('b', { sceneId: 'scene_1', characterId: 'ana' })], t0)).toEqual({ created: 2, updated: 0 });
        expect(await job('a')).toEqual({
          key: 'a',
          movieId,
          stage: 'keyframes',
          lane: 'fal',
          input: { prompt: 'a' },
          inputHash: 'hash:a',
          dependsOn: [],
          priority: 0,
          maxAttempts: 3,
          estimatedCostUsd: 0,
          sceneId: null,
          characterId: null,
          status: 'pending',
          attempts: 0,
          pendingDependencies: 0,
          runAt: t0,
          leaseOwner: null,
          leaseToken: 0,
          leaseExpiresAt: null,
          submitKey: null,
          operation: null,
          outputs: [],
          take: 0,
          takes: [],
          held: false,
          result: null,
          errors: [],
          costUsd: 0,
          createdAt: t0,
          updatedAt: t0,
          firstStartedAt: null,
          completedAt: null,
        } satisfies Job);
        const b = await job('b');
        expect([b.sceneId, b.characterId]).toEqual(['scene_1', 'ana']);
        expect(await store.getJob(movieId, 'missing')).toBeUndefined();
      });

      test('is idempotent', async () => {
        await store.enqueue(movieId, [spec('a'), spec('b')], t0);
        expect(await store.enqueue(movieId, [spec('a'), spec('b'), spec('c')], t0 + 5)).toEqual({ created: 1, updated: 0 });
        expect(await store.listJobs(movieId)).toHaveLength(3);
        expect((await job('a')).createdAt).toBe(t0);
      });

      test('concurrent duplicate enqueues give one job per key', async () => {
        const specs = Array.from({ length: 20 }, (_, index) => spec(`job-${index}`));
        const other = await another();
        const results = await Promise.all([
          store.enqueue(movieId, specs, t0),
          other.enqueue(movieId, specs, t0),
          store.enqueue(movieId, [...specs].reverse(), t0),
          other.enqueue(movieId, specs.slice(5), t0),
        ]);
        expect(results.reduce((sum, result) => sum + result.created, 0)).toBe(20);
        expect(await store.listJobs(movieId)).toHaveLength(20);
      });

      test('re-plans a pending job without an operation when its inputHash differs', async () => {
        await store.enqueue(movieId, [spec('a', { estimatedCostUsd: 1 })], t0);
        const result = await store.enqueue(movieId, [spec('a', { input: { prompt: 'new' }, inputHash: 'hash:new', estimatedCostUsd: 2 })], t0 + 7);
        expect(result).toEqual({ created: 0, updated: 1 });
        const replanned = await job('a');
        expect([replanned.input, replanned.inputHash, replanned.estimatedCostUsd, replanned.updatedAt]).toEqual([{ prompt: 'new' }, 'hash:new', 2, t0 + 7]);
        expect(await store.enqueue(movieId, [spec('a', { input: { prompt: 'new' }, inputHash: 'hash:new', estimatedCostUsd: 2 })], t0 + 8)).toEqual({ created: 0, updated: 0 });
      });

      test('does not re-plan a job with a saved operation; a completed one is made again', async () => {
        await store.enqueue(movieId, [spec('done'), spec('submitted', { priority: 1 })], t0);
        const done = await claimOne();
        await store.complete(leaseOf(done), { outputs: [], costUsd: 0 }, t0);
        const submitted = await claimOne();
        await store.markSubmitted(leaseOf(submitted), { id: 'op-1' }, t0);
        await store.release(leaseOf((await job('submitted'))), t0);
        expect((await job('submitted')).status).toBe('pending');
        const result = await store.enqueue(movieId, [spec('done', { inputHash: 'changed' }), spec('submitted', { inputHash: 'changed', priority: 1 })], t0 + 1);
        expect(result).toEqual({ created: 0, updated: 1 });
        expect(await job('done')).toMatchObject({ inputHash: 'changed', status: 'pending' });
        expect((await job('submitted')).inputHash).toBe('hash:submitted');
      });
    });

    describe('dependencies', () => {
      test('a job is claimable only once all of its dependencies completed', async () => {
        await store.enqueue(movieId, [spec('a'), spec('b'), spec('c', { dependsOn: ['a', 'b'] })], t0);
        expect((await job('c')).pendingDependencies).toBe(2);
        const first = await store.claim(claimRequest());
        expect(keys(first)).toEqual(['a', 'b']);
        expect(await store.claim(claimRequest())).toEqual([]);
        await store.complete(leaseOf(first.find((j) => j.key === 'a')!), { outputs: [], costUsd: 0 }, t0 + 1);
        expect((await job('c')).pendingDependencies).toBe(1);
        expect(await store.claim(claimRequest({ now: t0 + 2 }))).toEqual([]);
        await store.fail(leaseOf(first.find((j) => j.key === 'b')!), { error: { message: 'boom', category: 'server', isRetryable: true }, retryAt: t0 + 2, consumeAttempt: true }, t0 + 1);
        const retried = await claimOne({ now: t0 + 2 });
        expect(retried.key).toBe('b');
        await store.complete(leaseOf(retried), { outputs: [], costUsd: 0 }, t0 + 3);
        expect((await job('c')).pendingDependencies).toBe(0);
        expect((await claimOne({ now: t0 + 4 })).key).toBe('c');
      });

      test('a dependency that already completed does not block a job enqueued later', async () => {
        await store.enqueue(movieId, [spec('a')], t0);
        await store.complete(leaseOf(await claimOne()), { outputs: [], costUsd: 0 }, t0);
        await store.enqueue(movieId, [spec('b', { dependsOn: ['a'] }), spec('c', { dependsOn: ['a', 'b'] })], t0 + 1);
        expect((await job('b')).pendingDependencies).toBe(0);
        expect((await job('c')).pendingDependencies).toBe(1);
        expect(keys(await store.claim(claimRequest({ now: t0 + 1 })))).toEqual(['b']);
      });

      test('a dependency enqueued in a later call is waited for', async () => {
        await store.enqueue(movieId, [spec('child', { dependsOn: ['parent'] })], t0);
        expect(await store.claim(claimRequest())).toEqual([]);
        await store.enqueue(movieId, [spec('parent')], t0);
        const parent = await claimOne();
        expect(parent.key).toBe('parent');
        await store.complete(leaseOf(parent), { outputs: [], costUsd: 0 }, t0);
        expect((await claimOne()).key).toBe('child');
      });
    });

    describe('claim', () => {
      test('moves a job to in_progress with a lease, counting the attempt', async () => {
        await store.enqueue(movieId, [spec('a')], t0);
        const claimed = await claimOne({ now: t0 + 5, leaseMs: 1000, workerId: 'w-9' });
        expect(claimed).toMatchObject({ key: 'a', status: 'in_progress', attempts: 1, leaseOwner: 'w-9', leaseExpiresAt: t0 + 1005, firstStartedAt: t0 + 5, updatedAt: t0 + 5 });
        expect(claimed.leaseToken).toBeGreaterThan(0);
        expect(await job('a')).toEqual(claimed);
      });

      test('orders by priority, then runAt, then key', async () => {
        await store.enqueue(movieId, [spec('late-low', { priority: 5 })], t0);
        await store.enqueue(movieId, [spec('b'), spec('a')], t0 + 20);
        await store.enqueue(movieId, [spec('z')], t0 + 10);
        await store.enqueue(movieId, [spec('urgent', { priority: -1 })], t0 + 30);
        const order: string[] = [];
        for (;;) {
          const [next] = await store.claim(claimRequest({ limit: 1, now: t0 + 100 }));
          if (!next) break;
          order.push(next.key);
        }
        expect(order).toEqual(['urgent', 'z', 'a', 'b', 'late-low']);
      });

      test('does not claim jobs before their runAt', async () => {
        await store.enqueue(movieId, [spec('a')], t0);
        await store.fail(leaseOf(await claimOne()), { error: { message: 'busy', category: 'server', isRetryable: true }, retryAt: t0 + 1000, consumeAttempt: true }, t0);
        expect(await store.claim(claimRequest({ now: t0 + 999 }))).toEqual([]);
        expect((await claimOne({ now: t0 + 1000 })).attempts).toBe(2);
        await store.enqueue(movieId, [spec('future')], t0 + 5000);
        expect(await store.claim(claimRequest({ now: t0 + 4999 }))).toEqual([]);
      });

      test('claims at most `limit` jobs, each once', async () => {
        await store.enqueue(movieId, ['a', 'b', 'c', 'd', 'e'].map((key) => spec(key)), t0);
        expect(await store.claim(claimRequest({ limit: 0 }))).toEqual([]);
        const first = await store.claim(claimRequest({ limit: 2 }));
        const second = await store.claim(claimRequest({ limit: 2 }));
        const third = await store.claim(claimRequest({ limit: 2 }));
        expect([first.length, second.length, third.length]).toEqual([2, 2, 1]);
        expect(keys([...first, ...second, ...third])).toEqual(['a', 'b', 'c', 'd', 'e']);
        expect(await store.claim(claimRequest())).toEqual([]);
      });

      test('concurrent claims never hand out the same job', async () => {
        await store.enqueue(movieId, Array.from({ length: 40 }, (_, index) => spec(`job-${String(index).padStart(2, '0')}`)), t0);
        const other = await another();
        const batches = await Promise.all(
          Array.from({ length: 8 }, (_, index) => (index % 2 ? other : store).claim(claimRequest({ limit: 7, workerId: `w${index}` }))),
        );
        const all = batches.flat();
        expect(all).toHaveLength(40);
        expect(new Set(all.map((claimed) => claimed.key)).size).toBe(40);
      });

      test('respects lane concurrency, counting in_progress and waiting jobs', async () => {
        await store.enqueue(movieId, [...['a1', 'a2', 'a3', 'a4'].map((key) => spec(key, { lane: 'a' })), spec('b1', { lane: 'b' }), spec('b2', { lane: 'b' })], t0);
        const laneConcurrency = { a: 2 };
        const first = await store.claim(claimRequest({ laneConcurrency }));
        expect(keys(first)).toEqual(['a1', 'a2', 'b1', 'b2']);
        expect(await store.claim(claimRequest({ laneConcurrency }))).toEqual([]);
        const a1 = first.find((claimed) => claimed.key === 'a1')!;
        expect(await store.markSubmitted(leaseOf(a1), { id: 'op' }, t0)).toBe(true);
        expect(await store.claim(claimRequest({ laneConcurrency }))).toEqual([]);
        await store.complete(leaseOf(first.find((claimed) => claimed.key === 'a2')!), { outputs: [], costUsd: 0 }, t0);
        expect(keys(await store.claim(claimRequest({ laneConcurrency })))).toEqual(['a3']);
        expect(await store.claim(claimRequest({ laneConcurrency }))).toEqual([]);
        expect(keys(await store.claim(claimRequest({ laneConcurrency: { a: 3 } })))).toEqual(['a4']);
      });

      test('lane concurrency holds across concurrent claims', async () => {
        await store.enqueue(movieId, Array.from({ length: 30 }, (_, index) => spec(`job-${index}`, { lane: `lane-${index % 3}` })), t0);
        const other = await another();
        const laneConcurrency = { 'lane-0': 2, 'lane-1': 1, 'lane-2': 3 };
        const batches = await Promise.all(Array.from({ length: 6 }, (_, index) => (index % 2 ? other : store).claim(claimRequest({ limit: 4, laneConcurrency }))));
        const perLane = new Map<string, number>();
        for (const claimed of batches.flat()) perLane.set(claimed.lane, (perLane.get(claimed.lane) ?? 0) + 1);
        expect(Object.fromEntries(perLane)).toEqual({ 'lane-0': 2, 'lane-1': 1, 'lane-2': 3 });
      });

      test('lane concurrency counts the jobs of every movie in the store', async () => {
        await store.createMovie({ id: 'movie-2', input: null, now: t0 });
        await store.enqueue(movieId, [spec('a1', { lane: 'a' }), spec('a2', { lane: 'a' })], t0);
        await store.enqueue('movie-2', [spec('b1', { lane: 'a' }), spec('b2', { lane: 'a' })], t0);
        const laneConcurrency = { a: 3 };
        expect(keys(await store.claim(claimRequest({ laneConcurrency })))).toEqual(['a1', 'a2']);
        expect(keys(await store.claim(claimRequest({ movieId: 'movie-2', laneConcurrency })))).toEqual(['b1']);
        expect(await store.claim(claimRequest({ movieId: 'movie-2', laneConcurrency }))).toEqual([]);
      });

      test('spaces the claims of a rate-limited lane across movies and handles, one per 60 s / limit', async () => {
        await store.createMovie({ id: 'movie-2', input: null, now: t0 });
        await store.enqueue(movieId, [...['r1', 'r2', 'r3'].map((key) => spec(key, { lane: 'rated' })), spec('free', { lane: 'other' })], t0);
        await store.enqueue('movie-2', [spec('m2', { lane: 'rated' })], t0);
        const other = await another();
        const laneRequestsPerMinute = { rated: 6 };
        // One start per 10 s: the first claim takes one rated job (and the unlimited lane's).
        expect(keys(await store.claim(claimRequest({ laneRequestsPerMinute })))).toEqual(['free', 'r1']);
        expect(await other.claim(claimRequest({ laneRequestsPerMinute, now: t0 + 9_999 }))).toEqual([]);
        expect(await other.claim(claimRequest({ movieId: 'movie-2', laneRequestsPerMinute, now: t0 + 5_000 }))).toEqual([]);
        expect(keys(await other.claim(claimRequest({ movieId: 'movie-2', laneRequestsPerMinute, now: t0 + 10_000 })))).toEqual(['m2']);
        expect(await store.claim(claimRequest({ laneRequestsPerMinute, now: t0 + 15_000 }))).toEqual([]);
        // Racing claimers at one moment still let one through.
        const raced = await Promise.all(Array.from({ length: 4 }, (_, index) => (index % 2 ? other : store).claim(claimRequest({ laneRequestsPerMinute, now: t0 + 20_000, workerId: `w${index}` }))));
        expect(raced.flat().map((job) => job.key)).toEqual(['r2']);
        // A claim that does not name the limit is not held by it.
        expect(keys(await store.claim(claimRequest({ now: t0 + 20_001 })))).toEqual(['r3']);
      });

      test('a paused lane is passed over by every claimer and movie until the pause ends', async () => {
        await store.createMovie({ id: 'movie-2', input: null, now: t0 });
        await store.enqueue(movieId, [spec('p1', { lane: 'paused' }), spec('o1', { lane: 'open' })], t0);
        await store.enqueue('movie-2', [spec('p2', { lane: 'paused' })], t0);
        const other = await another();
        await store.pauseLane('paused', t0 + 30_000, t0);
        await other.pauseLane('paused', t0 + 10_000, t0);
        expect(keys(await other.claim(claimRequest({ now: t0 + 20_000 })))).toEqual(['o1']);
        expect(await store.claim(claimRequest({ movieId: 'movie-2', now: t0 + 29_999 }))).toEqual([]);
        expect(keys(await other.claim(claimRequest({ movieId: 'movie-2', now: t0 + 30_000 })))).toEqual(['p2']);
        expect(keys(await store.claim(claimRequest({ now: t0 + 30_000 })))).toEqual(['p1']);
      });

      test('skips excluded lanes', async () => {
        await store.enqueue(movieId, [spec('a', { lane: 'limited' }), spec('b', { lane: 'free', priority: 1 })], t0);
        expect(keys(await store.claim(claimRequest({ excludeLanes: ['limited'] })))).toEqual(['b']);
        expect(await store.claim(claimRequest({ excludeLanes: ['limited'] }))).toEqual([]);
        expect(keys(await store.claim(claimRequest()))).toEqual(['a']);
      });

      test('reserves estimated cost against the budget', async () => {
        await store.enqueue(movieId, ['a', 'b', 'c'].map((key) => spec(key, { estimatedCostUsd: 1 })), t0);
        const first = await store.claim(claimRequest({ maxCostUsd: 2.5 }));
        expect(keys(first)).toEqual(['a', 'b']);
        expect(await store.claim(claimRequest({ maxCostUsd: 2.5 }))).toEqual([]);
        await store.complete(leaseOf(first[0]!), { outputs: [], costUsd: 1.2 }, t0);
        // spent 1.2 + reserved 1 (one job running) + 1 for c = 3.2
        expect(await store.claim(claimRequest({ maxCostUsd: 3.1 }))).toEqual([]);
        expect(keys(await store.claim(claimRequest({ maxCostUsd: 3.2 })))).toEqual(['c']);
      });

      test('claims a cheaper job when a more urgent one does not fit the budget', async () => {
        await store.enqueue(movieId, [spec('big', { estimatedCostUsd: 5 }), spec('small', { estimatedCostUsd: 0.5, priority: 1 })], t0);
        expect(keys(await store.claim(claimRequest({ maxCostUsd: 1 })))).toEqual(['small']);
        expect(await store.claim(claimRequest({ maxCostUsd: 1 }))).toEqual([]);
      });

      test('counts the cost of failed attempts against the budget', async () => {
        await store.enqueue(movieId, [spec('a', { estimatedCostUsd: 1 })], t0);
        await store.fail(leaseOf(await claimOne()), { error: { message: 'bad', category: 'server', isRetryable: true }, retryAt: t0, consumeAttempt: true, costUsd: 0.75 }, t0);
        expect(await store.claim(claimRequest({ maxCostUsd: 1.5 }))).toEqual([]);
        expect(keys(await store.claim(claimRequest({ maxCostUsd: 1.75 })))).toEqual(['a']);
      });

      test('keeps firstStartedAt from the first claim', async () => {
        await store.enqueue(movieId, [spec('a')], t0);
        await store.fail(leaseOf(await claimOne({ now: t0 + 1 })), { error: { message: 'x', category: 'server', isRetryable: true }, retryAt: t0 + 2, consumeAttempt: true }, t0 + 1);
        const again = await claimOne({ now: t0 + 3 });
        expect([again.firstStartedAt, again.attempts]).toEqual([t0 + 1, 2]);
      });
    });

    describe('fencing and leases', () => {
      test('writes with a stale token return false and change nothing', async () => {
        await store.enqueue(movieId, [spec('a')], t0);
        const claimed = await claimOne();
        const before = await job('a');
        for (const token of [claimed.leaseToken - 1, claimed.leaseToken + 1]) {
          const stale = { movieId, key: 'a', token };
          expect(await store.heartbeat(stale, 1, t0 + 1)).toBe(false);
          expect(await store.setSubmitKey(stale, 'key', t0 + 1)).toBe(false);
          expect(await store.markSubmitted(stale, { id: 'op' }, t0 + 1)).toBe(false);
          expect(await store.complete(stale, { outputs: [], costUsd: 9 }, t0 + 1)).toBe(false);
          expect(await store.fail(stale, { error: { message: 'x', category: 'server', isRetryable: false }, retryAt: null, consumeAttempt: true, costUsd: 1 }, t0 + 1)).toBe(false);
          expect(await store.release(stale, t0 + 1)).toBe(false);
        }
        expect(await store.complete({ movieId, key: 'missing', token: claimed.leaseToken }, { outputs: [], costUsd: 0 }, t0)).toBe(false);
        expect(await job('a')).toEqual(before);
      });

      test('a finished job rejects further writes with its old token', async () => {
        await store.enqueue(movieId, [spec('a')], t0);
        const lease = leaseOf(await claimOne());
        expect(await store.complete(lease, { outputs: [], costUsd: 1 }, t0 + 1)).toBe(true);
        const after = await job('a');
        expect(await store.complete(lease, { outputs: [], costUsd: 1 }, t0 + 2)).toBe(false);
        expect(await store.fail(lease, { error: { message: 'x', category: 'server', isRetryable: false }, retryAt: t0, consumeAttempt: true }, t0 + 2)).toBe(false);
        expect(await store.heartbeat(lease, 1000, t0 + 2)).toBe(false);
        expect(await job('a')).toEqual(after);
      });

      test('setSubmitKey and markSubmitted record the submission', async () => {
        await store.enqueue(movieId, [spec('a')], t0);
        const lease = leaseOf(await claimOne());
        expect(await store.setSubmitKey(lease, 'idem-123', t0 + 1)).toBe(true);
        expect(await store.markSubmitted(lease, { requestId: 'r-1', urls: ['https://example.test/status'] }, t0 + 2)).toBe(true);
        expect(await job('a')).toMatchObject({ status: 'waiting', submitKey: 'idem-123', operation: { requestId: 'r-1', urls: ['https://example.test/status'] }, updatedAt: t0 + 2 });
        expect(await store.heartbeat(lease, 1000, t0 + 3)).toBe(true);
      });

      test('heartbeat extends the lease, and returns false once the lease is lost', async () => {
        await store.enqueue(movieId, [spec('a')], t0);
        const lease = leaseOf(await claimOne({ leaseMs: 1000 }));
        expect(await store.heartbeat(lease, 1000, t0 + 900)).toBe(true);
        expect((await job('a')).leaseExpiresAt).toBe(t0 + 1900);
        expect(await store.reclaimExpired(movieId, t0 + 1500)).toBe(0);
        expect((await job('a')).status).toBe('in_progress');
        expect(await store.reclaimExpired(movieId, t0 + 1900)).toBe(1);
        expect(await store.heartbeat(lease, 1000, t0 + 1901)).toBe(false);
        expect((await job('a')).leaseExpiresAt).toBeNull();
      });

      test('an expired lease is reclaimed and the old token is rejected', async () => {
        await store.enqueue(movieId, [spec('a')], t0);
        const first = await claimOne({ leaseMs: 1000, workerId: 'dead' });
        expect(await store.reclaimExpired(movieId, t0 + 999)).toBe(0);
        expect(await store.reclaimExpired(movieId, t0 + 1000)).toBe(1);
        expect(await job('a')).toMatchObject({ status: 'pending', leaseOwner: null, leaseExpiresAt: null, runAt: t0 + 1000, attempts: 1 });
        const second = await claimOne({ now: t0 + 1001, workerId: 'alive' });
        expect(second.leaseToken).toBeGreaterThan(first.leaseToken);
        expect(second.attempts).toBe(2);
        expect(await store.complete(leaseOf(first), { outputs: [], costUsd: 5 }, t0 + 1002)).toBe(false);
        expect(await store.complete(leaseOf(second), { outputs: [], costUsd: 1 }, t0 + 1002)).toBe(true);
        expect(await job('a')).toMatchObject({ status: 'completed', costUsd: 1 });
      });

      test('an expired lease fails the job when it is out of attempts', async () => {
        await store.enqueue(movieId, [spec('a', { maxAttempts: 1 })], t0);
        await claimOne({ leaseMs: 10 });
        expect(await store.reclaimExpired(movieId, t0 + 10)).toBe(1);
        const failed = await job('a');
        expect(failed.status).toBe('failed');
        expect(failed.errors).toHaveLength(1);
        expect(failed.errors[0]).toMatchObject({ attempt: 1, category: 'timeout', isRetryable: false, at: t0 + 10 });
        expect(failed.errors[0]!.message).toMatch(/lease/);
      });

      test('waiting jobs keep their operation and re-attach without a new attempt', async () => {
        await store.enqueue(movieId, [spec('a', { maxAttempts: 1 })], t0);
        const first = await claimOne({ leaseMs: 100 });
        await store.setSubmitKey(leaseOf(first), 'idem-a', t0);
        await store.markSubmitted(leaseOf(first), { requestId: 'r-a' }, t0 + 1);
        expect(await store.reclaimExpired(movieId, t0 + 100)).toBe(1);
        expect(await job('a')).toMatchObject({ status: 'pending', operation: { requestId: 'r-a' }, submitKey: 'idem-a', attempts: 0 });
        const again = await claimOne({ now: t0 + 200 });
        expect(again).toMatchObject({ status: 'waiting', attempts: 1, operation: { requestId: 'r-a' }, submitKey: 'idem-a' });
        expect(again.leaseToken).toBeGreaterThan(first.leaseToken);
        expect(await store.complete(leaseOf(again), { outputs: [{ path: 'a.png', sha256: 'ab'.repeat(32), bytes: 3 }], costUsd: 0.04 }, t0 + 300)).toBe(true);
        expect(await job('a')).toMatchObject({ status: 'completed', attempts: 1, completedAt: t0 + 300 });
      });
    });

    describe('complete, fail, release, retry', () => {
      test('complete stores outputs, result and cost, and ends the lease', async () => {
        await store.enqueue(movieId, [spec('a'), spec('b', { priority: 1 })], t0);
        const a = await claimOne();
        const outputs = [{ path: 'scenes/1/a.png', sha256: 'f'.repeat(64), bytes: 1234 }];
        expect(await store.complete(leaseOf(a), { outputs, result: { width: 1024 }, costUsd: 0.25 }, t0 + 9)).toBe(true);
        expect(await job('a')).toMatchObject({ status: 'completed', outputs, result: { width: 1024 }, costUsd: 0.25, completedAt: t0 + 9, updatedAt: t0 + 9, leaseOwner: null, leaseExpiresAt: null });
        const b = await claimOne();
        await store.complete(leaseOf(b), { outputs: [], costUsd: 0 }, t0 + 10);
        expect((await job('b')).result).toBeNull();
      });

      test('fail with retryAt records the error, clears the operation and goes back to pending', async () => {
        await store.enqueue(movieId, [spec('a')], t0);
        const lease = leaseOf(await claimOne());
        await store.markSubmitted(lease, { requestId: 'r-1' }, t0);
        expect(await store.fail(lease, { error: { message: 'provider said 500', category: 'server', isRetryable: true }, retryAt: t0 + 5000, consumeAttempt: true, costUsd: 0.1 }, t0 + 3)).toBe(true);
        expect(await job('a')).toMatchObject({
          status: 'pending',
          runAt: t0 + 5000,
          attempts: 1,
          operation: null,
          leaseOwner: null,
          leaseExpiresAt: null,
          costUsd: 0.1,
          errors: [{ attempt: 1, message: 'provider said 500', category: 'server', isRetryable: true, at: t0 + 3 }],
        });
      });

      test('fail without retryAt fails the job for good', async () => {
        await store.enqueue(movieId, [spec('a'), spec('b', { dependsOn: ['a'] })], t0);
        const lease = leaseOf(await claimOne());
        expect(await store.fail(lease, { error: { message: 'content policy', category: 'content_policy', isRetryable: false }, retryAt: null, consumeAttempt: true }, t0 + 1)).toBe(true);
        expect(await job('a')).toMatchObject({ status: 'failed', attempts: 1, errors: [{ attempt: 1, category: 'content_policy', isRetryable: false, at: t0 + 1 }] });
        expect(await store.claim(claimRequest({ now: t0 + 10 }))).toEqual([]);
        expect((await job('b')).pendingDependencies).toBe(1);
      });

      test('consumeAttempt=false gives the attempt back', async () => {
        await store.enqueue(movieId, [spec('a')], t0);
        const lease = leaseOf(await claimOne());
        await store.fail(lease, { error: { message: '429', category: 'rate_limit', isRetryable: true }, retryAt: t0 + 100, consumeAttempt: false }, t0);
        expect(await job('a')).toMatchObject({ status: 'pending', attempts: 0, errors: [{ attempt: 1, category: 'rate_limit' }] });
        expect((await claimOne({ now: t0 + 100 })).attempts).toBe(1);
      });

      test('errors accumulate across attempts', async () => {
        await store.enqueue(movieId, [spec('a')], t0);
        for (let attempt = 1; attempt <= 3; attempt++) {
          const lease = leaseOf(await claimOne({ now: t0 + attempt }));
          await store.fail(lease, { error: { message: `failure ${attempt}`, category: 'network', isRetryable: attempt < 3 }, retryAt: attempt < 3 ? t0 + attempt + 1 : null, consumeAttempt: true }, t0 + attempt);
        }
        const failed = await job('a');
        expect(failed.status).toBe('failed');
        expect(failed.errors.map((error) => [error.attempt, error.message, error.isRetryable])).toEqual([
          [1, 'failure 1', true],
          [2, 'failure 2', true],
          [3, 'failure 3', false],
        ]);
      });

      test('release gives the attempt back when nothing was submitted', async () => {
        await store.enqueue(movieId, [spec('a')], t0);
        const lease = leaseOf(await claimOne());
        expect(await store.release(lease, t0 + 50)).toBe(true);
        expect(await job('a')).toMatchObject({ status: 'pending', attempts: 0, runAt: t0 + 50, leaseOwner: null, leaseExpiresAt: null });
        expect(await store.heartbeat(lease, 1000, t0 + 51)).toBe(false);
        expect((await claimOne({ now: t0 + 50 })).attempts).toBe(1);
      });

      test('release keeps a saved operation and the attempt', async () => {
        await store.enqueue(movieId, [spec('a')], t0);
        const lease = leaseOf(await claimOne());
        await store.markSubmitted(lease, { requestId: 'r-9' }, t0);
        expect(await store.release(lease, t0 + 5)).toBe(true);
        expect(await job('a')).toMatchObject({ status: 'pending', attempts: 0, operation: { requestId: 'r-9' } });
        expect(await claimOne({ now: t0 + 5 })).toMatchObject({ status: 'waiting', attempts: 1, operation: { requestId: 'r-9' } });
      });

      test('retry puts failed and cancelled jobs back with fresh attempts', async () => {
        await store.enqueue(movieId, [spec('a'), spec('b'), spec('c')], t0);
        const claimed = await store.claim(claimRequest());
        const byKey = new Map(claimed.map((claimedJob) => [claimedJob.key, claimedJob]));
        const failure = { error: { message: 'nope', category: 'server' as const, isRetryable: false }, retryAt: null, consumeAttempt: true };
        await store.fail(leaseOf(byKey.get('a')!), failure, t0);
        await store.fail(leaseOf(byKey.get('b')!), failure, t0);
        await store.complete(leaseOf(byKey.get('c')!), { outputs: [], costUsd: 0 }, t0);
        expect(await store.retry(movieId, { keys: ['a'] }, t0 + 10)).toBe(1);
        expect(await job('a')).toMatchObject({ status: 'pending', attempts: 0, runAt: t0 + 10, operation: null });
        expect((await job('b')).status).toBe('failed');
        expect(await store.retry(movieId, {}, t0 + 20)).toBe(1);
        expect((await job('b')).status).toBe('pending');
        expect((await job('c')).status).toBe('completed');
        expect(keys(await store.claim(claimRequest({ now: t0 + 20 })))).toEqual(['a', 'b']);
        expect(await store.retry(movieId, {}, t0 + 30)).toBe(0);
      });

      test('retry of a named completed job makes it again, and its pending dependents wait for it', async () => {
        await store.enqueue(movieId, [spec('a'), spec('b', { dependsOn: ['a'] }), spec('c', { dependsOn: ['a'] })], t0);
        await store.complete(leaseOf(await claimOne()), { outputs: [], costUsd: 0.5 }, t0);
        await store.complete(leaseOf(await claimOne({ now: t0 + 1 })), { outputs: [], costUsd: 0 }, t0 + 1);
        expect(await job('b')).toMatchObject({ status: 'completed' });
        expect(await job('c')).toMatchObject({ status: 'pending', pendingDependencies: 0 });
        expect(await store.retry(movieId, { keys: ['a', 'missing'] }, t0 + 5)).toBe(1);
        expect(await job('a')).toMatchObject({ status: 'pending', attempts: 0, costUsd: 0.5 });
        expect(await job('b')).toMatchObject({ status: 'completed' });
        expect(await job('c')).toMatchObject({ status: 'pending', pendingDependencies: 1 });
        expect(keys(await store.claim(claimRequest({ now: t0 + 5 })))).toEqual(['a']);
      });

      test('fail with keepOperation keeps the saved work: the next claim re-attaches as a new attempt', async () => {
        await store.enqueue(movieId, [spec('a')], t0);
        const lease = leaseOf(await claimOne());
        await store.setSubmitKey(lease, 'idem-a', t0);
        await store.markSubmitted(lease, { requestId: 'r-1' }, t0 + 1);
        const failure = { error: { message: 'download broke off', category: 'network' as const, isRetryable: true }, retryAt: t0 + 100, consumeAttempt: true, keepOperation: true };
        expect(await store.fail(lease, failure, t0 + 2)).toBe(true);
        expect(await job('a')).toMatchObject({ status: 'pending', attempts: 1, operation: { requestId: 'r-1' }, submitKey: 'idem-a', runAt: t0 + 100 });
        const again = await claimOne({ now: t0 + 100 });
        expect(again).toMatchObject({ status: 'waiting', attempts: 2, operation: { requestId: 'r-1' } });
        expect(await store.complete(leaseOf(again), { outputs: [], costUsd: 0.2 }, t0 + 101)).toBe(true);
        expect(await job('a')).toMatchObject({ status: 'completed', attempts: 2, errors: [{ attempt: 1, message: 'download broke off' }] });
      });

      test('a final failure drops the operation unless told to keep it; retry keeps a kept one', async () => {
        await store.enqueue(movieId, [spec('a'), spec('b')], t0);
        const claimed = new Map((await store.claim(claimRequest())).map((claimedJob) => [claimedJob.key, leaseOf(claimedJob)]));
        for (const key of ['a', 'b']) await store.markSubmitted(claimed.get(key)!, { requestId: `r-${key}` }, t0);
        const error = { message: 'result download failed 3 times', category: 'network' as const, isRetryable: false };
        await store.fail(claimed.get('a')!, { error, retryAt: null, consumeAttempt: true, keepOperation: true }, t0 + 1);
        await store.fail(claimed.get('b')!, { error, retryAt: null, consumeAttempt: true }, t0 + 1);
        expect(await job('a')).toMatchObject({ status: 'failed', operation: { requestId: 'r-a' } });
        expect(await job('b')).toMatchObject({ status: 'failed', operation: null });
        expect(await store.retry(movieId, {}, t0 + 2)).toBe(2);
        expect(await job('a')).toMatchObject({ status: 'pending', attempts: 0, operation: { requestId: 'r-a' } });
        const again = new Map((await store.claim(claimRequest({ now: t0 + 2 }))).map((claimedJob) => [claimedJob.key, claimedJob]));
        expect(again.get('a')).toMatchObject({ status: 'waiting', attempts: 1, operation: { requestId: 'r-a' } });
        expect(again.get('b')).toMatchObject({ status: 'in_progress', attempts: 1, operation: null });
      });

      test('retry starts the deadline afresh: firstStartedAt is set again by the next claim', async () => {
        await store.enqueue(movieId, [spec('a')], t0);
        const lease = leaseOf(await claimOne());
        await store.fail(lease, { error: { message: 'x', category: 'server', isRetryable: false }, retryAt: null, consumeAttempt: true }, t0 + 1);
        expect((await job('a')).firstStartedAt).toBe(t0);
        await store.retry(movieId, {}, t0 + 7 * 3_600_000);
        expect((await job('a')).firstStartedAt).toBeNull();
        expect((await claimOne({ now: t0 + 7 * 3_600_000 })).firstStartedAt).toBe(t0 + 7 * 3_600_000);
      });

      test('a pending job waits again for each of its parents retried', async () => {
        await store.enqueue(movieId, [spec('a'), spec('b'), spec('c', { dependsOn: ['a', 'b'] }), spec('d', { dependsOn: ['c'] })], t0);
        await store.complete(leaseOf(await claimOne()), { outputs: [], costUsd: 0 }, t0);
        await store.complete(leaseOf(await claimOne()), { outputs: [], costUsd: 0 }, t0);
        expect((await job('c')).pendingDependencies).toBe(0);
        expect(await store.retry(movieId, { keys: ['a', 'b'] }, t0 + 1)).toBe(2);
        expect((await job('c')).pendingDependencies).toBe(2);
        await store.complete(leaseOf(await claimOne({ now: t0 + 1 })), { outputs: [], costUsd: 0 }, t0 + 2);
        expect((await job('c')).pendingDependencies).toBe(1);
        expect((await store.claim(claimRequest({ now: t0 + 3 }))).map((claimed) => claimed.key)).toEqual(['b']);
      });

      test('retry of a completed job drops its operation: it is made anew', async () => {
        await store.enqueue(movieId, [spec('a')], t0);
        const lease = leaseOf(await claimOne());
        await store.markSubmitted(lease, { requestId: 'r-old' }, t0);
        await store.complete(lease, { outputs: [], costUsd: 1 }, t0 + 1);
        expect(await store.retry(movieId, { keys: ['a'] }, t0 + 2)).toBe(1);
        expect(await job('a')).toMatchObject({ status: 'pending', operation: null });
        expect(await claimOne({ now: t0 + 2 })).toMatchObject({ status: 'in_progress', operation: null });
      });

      test('cancel ends unfinished jobs, returns them with their operations, and fences their workers', async () => {
        await store.enqueue(movieId, [spec('done'), spec('queued'), spec('running'), spec('submitted'), spec('kept')], t0);
        const done = await claimOne();
        await store.complete(leaseOf(done), { outputs: [], costUsd: 1 }, t0);
        const claimed = new Map((await store.claim(claimRequest({ limit: 2, now: t0 + 1 }))).map((claimedJob) => [claimedJob.key, leaseOf(claimedJob)]));
        expect([...claimed.keys()].sort()).toEqual(['kept', 'queued']);
        await store.release(claimed.get('queued')!, t0 + 1);
        const [running, submitted] = await store.claim(claimRequest({ limit: 2, now: t0 + 2 }));
        const submittedLease = leaseOf(submitted!);
        await store.markSubmitted(submittedLease, { requestId: 'r-s' }, t0 + 2);
        expect(keys(await store.cancel(movieId, { keys: ['kept'] }, t0 + 3))).toEqual(['kept']);
        expect((await job('queued')).status).toBe('pending');
        const cancelled = await store.cancel(movieId, {}, t0 + 4);
        expect(keys(cancelled)).toEqual([running!.key, submitted!.key, 'queued'].sort());
        expect(cancelled.find((cancelledJob) => cancelledJob.key === submitted!.key)).toMatchObject({ status: 'waiting', operation: { requestId: 'r-s' } });
        for (const key of ['queued', running!.key, submitted!.key, 'kept']) {
          expect(await job(key)).toMatchObject({ status: 'cancelled', leaseOwner: null, leaseExpiresAt: null });
        }
        expect(await job('done')).toMatchObject({ status: 'completed' });
        expect(await store.complete(submittedLease, { outputs: [], costUsd: 5 }, t0 + 5)).toBe(false);
        expect(await store.heartbeat(leaseOf(running!), 1000, t0 + 5)).toBe(false);
        expect(await store.cancel(movieId, {}, t0 + 6)).toEqual([]);
        expect(await store.claim(claimRequest({ now: t0 + 6 }))).toEqual([]);
        expect((await store.summarize(movieId)).cancelled).toBe(4);
      });

      test('expireLeasesOf ends the leases of one stopped worker only', async () => {
        if (!store.expireLeasesOf) return;
        await store.enqueue(movieId, [spec('a'), spec('b')], t0);
        await claimOne({ workerId: 'dead' });
        await claimOne({ workerId: 'alive' });
        expect(await store.expireLeasesOf(movieId, 'dead', t0 + 1)).toBe(1);
        expect(await store.reclaimExpired(movieId, t0 + 1)).toBe(1);
        expect(await job('a')).toMatchObject({ status: 'pending', leaseOwner: null });
        expect(await job('b')).toMatchObject({ status: 'in_progress', leaseOwner: 'alive' });
      });
    });

    describe('iterating: re-plans, takes, holds, retirement', () => {
      const output = (name: string) => ({ path: `${name}.png`, sha256: name.padEnd(64, '0').slice(0, 64), bytes: 10 });

      async function completeAs(key: string, name: string, costUsd = 1, now = t0) {
        const lease = leaseOf(await claimOne({ now }));
        expect(lease.key).toBe(key);
        expect(await store.complete(lease, { outputs: [output(name)], result: { name }, costUsd }, now)).toBe(true);
      }

      test('a completed job planned with other inputs keeps its version as a take and is made again', async () => {
        await store.enqueue(movieId, [spec('a'), spec('b', { dependsOn: ['a'] })], t0);
        await completeAs('a', 'first', 0.5);
        expect(await job('a')).toMatchObject({ take: 1, takes: [] });
        const result = await store.enqueue(movieId, [spec('a', { inputHash: 'hash:a2', input: { prompt: 'a2' }, priority: 3 })], t0 + 10);
        expect(result).toEqual({ created: 0, updated: 1 });
        expect(await job('a')).toMatchObject({ status: 'pending', attempts: 0, inputHash: 'hash:a2', input: { prompt: 'a2' }, priority: 3, take: 1, outputs: [output('first')] });
        expect((await job('a')).takes).toEqual([{ take: 1, outputs: [output('first')], result: { name: 'first' }, costUsd: 0.5, inputHash: 'hash:a', completedAt: t0 }]);
        expect((await job('b')).pendingDependencies).toBe(1);
        await completeAs('a', 'second', 0.25, t0 + 20);
        expect(await job('a')).toMatchObject({ status: 'completed', take: 2, outputs: [output('second')], result: { name: 'second' }, costUsd: 0.75 });
        expect((await job('a')).takes.map((take) => take.take)).toEqual([1]);
        expect((await job('b')).pendingDependencies).toBe(0);
      });

      test('complete records the hash the job was made from; the same spec again is left alone', async () => {
        await store.enqueue(movieId, [spec('a')], t0);
        const lease = leaseOf(await claimOne());
        await store.complete(lease, { outputs: [], costUsd: 0, inputHash: 'hash:a+deps' }, t0 + 1);
        expect((await job('a')).inputHash).toBe('hash:a+deps');
        expect(await store.enqueue(movieId, [spec('a', { inputHash: 'hash:a+deps' })], t0 + 2)).toEqual({ created: 0, updated: 0 });
      });

      test('re-planning replaces dependencies, and failed or cancelled jobs start afresh', async () => {
        await store.enqueue(movieId, [spec('x'), spec('y'), spec('a', { dependsOn: ['x'] })], t0);
        await store.enqueue(movieId, [spec('a', { inputHash: 'hash:a2', dependsOn: ['y'] })], t0 + 1);
        expect(await job('a')).toMatchObject({ dependsOn: ['y'], pendingDependencies: 1 });
        await store.cancel(movieId, { keys: ['y'] }, t0 + 2);
        await store.enqueue(movieId, [spec('y', { inputHash: 'hash:y2' })], t0 + 3);
        expect(await job('y')).toMatchObject({ status: 'pending', attempts: 0, inputHash: 'hash:y2' });
      });

      test('work in flight is never re-planned', async () => {
        await store.enqueue(movieId, [spec('a')], t0);
        const lease = leaseOf(await claimOne());
        await store.markSubmitted(lease, { requestId: 'r' }, t0);
        expect(await store.enqueue(movieId, [spec('a', { inputHash: 'hash:other' })], t0 + 1)).toEqual({ created: 0, updated: 0 });
        expect(await job('a')).toMatchObject({ status: 'waiting', inputHash: 'hash:a' });
      });

      test('held jobs are not claimed until approved, and a re-planned held spec is held again', async () => {
        await store.enqueue(movieId, [spec('still'), spec('clip', { held: true })], t0);
        await completeAs('still', 'still');
        expect(await store.claim(claimRequest({ now: t0 + 1 }))).toEqual([]);
        expect(await job('clip')).toMatchObject({ held: true, status: 'pending', pendingDependencies: 0 });
        expect(await store.approve(movieId, ['clip', 'still', 'missing'], t0 + 2)).toBe(1);
        expect((await claimOne({ now: t0 + 2 })).key).toBe('clip');
        await store.enqueue(movieId, [spec('later', { held: true })], t0 + 3);
        await store.enqueue(movieId, [spec('later', { held: true, inputHash: 'hash:later2' })], t0 + 4);
        expect((await job('later')).held).toBe(true);
        expect(await store.approve(movieId, ['later'], t0 + 5)).toBe(1);
        expect(await store.hold(movieId, ['later', 'clip'], t0 + 6)).toBe(1);
        expect(await job('later')).toMatchObject({ held: true });
        // Held by hand, it stays held through a re-plan whose spec does not hold it.
        await store.enqueue(movieId, [spec('later', { inputHash: 'hash:later3' })], t0 + 7);
        expect(await job('later')).toMatchObject({ held: true, inputHash: 'hash:later3' });
      });

      test('retired jobs leave the totals, keep their files, and come back when planned again', async () => {
        await store.enqueue(movieId, [spec('a'), spec('b')], t0);
        await completeAs('a', 'kept', 2);
        expect(await store.retire(movieId, ['a', 'b', 'missing'], t0 + 1)).toBe(2);
        expect(await job('a')).toMatchObject({ status: 'retired', outputs: [output('kept')], take: 1 });
        const summary = await store.summarize(movieId);
        expect(summary).toMatchObject({ total: 0, retired: 2, costUsd: 2, remainingEstimateUsd: 0 });
        expect(await store.claim(claimRequest({ now: t0 + 2 }))).toEqual([]);
        expect(await store.enqueue(movieId, [spec('a'), spec('b', { inputHash: 'hash:b2' })], t0 + 3)).toEqual({ created: 0, updated: 2 });
        expect(await job('a')).toMatchObject({ status: 'completed', outputs: [output('kept')] });
        expect(await job('b')).toMatchObject({ status: 'pending', inputHash: 'hash:b2' });
      });

      /** Job `a` made, re-planned and made again: take 2 in use, take 1 kept. */
      async function madeTwice() {
        await store.enqueue(movieId, [spec('a')], t0);
        await completeAs('a', 'one', 1);
        await store.enqueue(movieId, [spec('a', { inputHash: 'hash:a2' })], t0 + 1);
        await completeAs('a', 'two', 1, t0 + 2);
      }

      test('pickTake puts an earlier take back in use; addTake puts in a file made elsewhere', async () => {
        await madeTwice();
        expect(await store.pickTake(movieId, 'a', 1, t0 + 3)).toBe(true);
        expect(await job('a')).toMatchObject({ status: 'completed', take: 1, outputs: [output('one')], inputHash: 'hash:a', result: { name: 'one' } });
        expect((await job('a')).takes.map((take) => [take.take, take.inputHash])).toEqual([[2, 'hash:a2']]);
        expect(await store.pickTake(movieId, 'a', 9, t0 + 4)).toBe(false);
        expect(await store.addTake(movieId, 'a', { outputs: [output('mine')], result: { replacedFrom: 'mine.png' } }, t0 + 5)).toBe(3);
        expect(await job('a')).toMatchObject({ status: 'completed', take: 3, outputs: [output('mine')], result: { replacedFrom: 'mine.png' }, costUsd: 2 });
        expect((await job('a')).takes.map((take) => take.take)).toEqual([1, 2]);
        expect(await store.addTake(movieId, 'missing', { outputs: [] }, t0 + 6)).toBeUndefined();
      });

      test('a job made again after an earlier take was picked gets a number past every take', async () => {
        await madeTwice();
        expect(await store.pickTake(movieId, 'a', 1, t0 + 3)).toBe(true);
        await store.enqueue(movieId, [spec('a', { inputHash: 'hash:a3' })], t0 + 4);
        await completeAs('a', 'three', 1, t0 + 5);
        expect(await job('a')).toMatchObject({ status: 'completed', take: 3, outputs: [output('three')] });
        expect((await job('a')).takes.map((take) => take.take)).toEqual([1, 2]);
      });

      test('setMovieInput replaces what the movie is made from', async () => {
        await store.setMovieInput(movieId, { script: 'edited.fountain' }, t0 + 9);
        expect(await store.getMovie(movieId)).toMatchObject({ input: { script: 'edited.fountain' }, updatedAt: t0 + 9 });
      });
    });

    describe('reading', () => {
      test('summarize counts jobs per stage and status and adds up cost', async () => {
        await store.enqueue(
          movieId,
          [
            spec('s1', { stage: 'screenplay', estimatedCostUsd: 0.5, priority: -1 }),
            spec('k1', { estimatedCostUsd: 1 }),
            spec('k2', { estimatedCostUsd: 1 }),
            spec('k3', { estimatedCostUsd: 1 }),
            spec('v1', { stage: 'video', estimatedCostUsd: 2, priority: 5 }),
          ],
          t0,
        );
        const [s1, k1, k2, k3] = await store.claim(claimRequest({ limit: 4 }));
        await store.complete(leaseOf(s1!), { outputs: [], costUsd: 0.5 }, t0);
        await store.complete(leaseOf(k1!), { outputs: [], costUsd: 0.25 }, t0);
        await store.fail(leaseOf(k2!), { error: { message: 'x', category: 'server', isRetryable: false }, retryAt: null, consumeAttempt: true, costUsd: 0.125 }, t0);
        await store.markSubmitted(leaseOf(k3!), { id: 'op' }, t0);
        const summary = await store.summarize(movieId);
        expect(summary).toMatchObject({ total: 5, pending: 1, inProgress: 0, waiting: 1, completed: 2, failed: 1, cancelled: 0 });
        expect(summary.costUsd).toBeCloseTo(0.875, 9);
        expect(summary.remainingEstimateUsd).toBeCloseTo(4, 9);
        expect(summary.stages['screenplay']).toEqual({ total: 1, pending: 0, inProgress: 0, waiting: 0, completed: 1, failed: 0, cancelled: 0, retired: 0, costUsd: 0.5 });
        expect(summary.stages['keyframes']).toMatchObject({ total: 3, completed: 1, failed: 1, waiting: 1 });
        expect(summary.stages['keyframes']!.costUsd).toBeCloseTo(0.375, 9);
        expect(summary.stages['video']).toMatchObject({ total: 1, pending: 1, costUsd: 0 });
        const [v1] = await store.claim(claimRequest());
        expect(v1?.key).toBe('v1');
        expect((await store.summarize(movieId)).inProgress).toBe(1);
        expect((await store.summarize('empty')).total).toBe(0);
      });

      test('listJobs filters by status and stage', async () => {
        await store.enqueue(movieId, [spec('a'), spec('b'), spec('c', { stage: 'video' }), spec('d', { stage: 'video', priority: 9 })], t0);
        await store.claim(claimRequest({ limit: 2 }));
        expect(keys(await store.listJobs(movieId))).toEqual(['a', 'b', 'c', 'd']);
        expect(keys(await store.listJobs(movieId, { status: 'in_progress' }))).toEqual(['a', 'b']);
        expect(keys(await store.listJobs(movieId, { stage: 'video' }))).toEqual(['c', 'd']);
        expect(keys(await store.listJobs(movieId, { stage: 'video', status: 'pending' }))).toEqual(['c', 'd']);
        expect(keys(await store.listJobs(movieId, { stage: 'keyframes', status: 'pending' }))).toEqual([]);
        expect(await store.listJobs('other-movie')).toEqual([]);
      });

      test('input, result, operation, outputs and errors survive a JSON round trip', async () => {
        const input: JsonValue = {
          text: 'Ünïcödé "quotes" \\ back\nslash 🎬',
          numbers: [0, -1, 1.5e-7, 123456789.125, Number.MAX_SAFE_INTEGER],
          flags: [true, false, null],
          nested: { deep: { deeper: [{ a: 1 }, [], {}] } },
        };
        await store.enqueue(movieId, [spec('a', { input }), spec('plain', { input: 'just a string', priority: 1 })], t0);
        expect((await job('a')).input).toEqual(input);
        expect((await job('plain')).input).toBe('just a string');
        const lease = leaseOf(await claimOne());
        const operation: JsonValue = { requestId: 'r-ü', poll: { url: 'https://x.test/q?a=1&b=2', every: 2.5 }, tags: ['a', null] };
        await store.markSubmitted(lease, operation, t0);
        await store.fail(lease, { error: { message: 'first "try" failed\n💥', category: 'invalid_response', isRetryable: true }, retryAt: t0, consumeAttempt: true }, t0);
        const again = leaseOf(await claimOne());
        await store.markSubmitted(again, operation, t0);
        const outputs = [
          { path: 'shots/ü 1.mp4', sha256: '0'.repeat(64), bytes: 10_000_000_000 },
          { path: 'shots/2.wav', sha256: '1'.repeat(64), bytes: 0 },
        ];
        const result: JsonValue = [{ scene: 1, lines: ['“Hi”', 'Bye'] }, 42, 'x', false, null];
        await store.complete(again, { outputs, result, costUsd: 0.0125 }, t0 + 1);
        const done = await job('a');
        expect(done.operation).toEqual(operation);
        expect(done.outputs).toEqual(outputs);
        expect(done.result).toEqual(result);
        expect(done.errors).toEqual([{ attempt: 1, message: 'first "try" failed\n💥', category: 'invalid_response', isRetryable: true, at: t0 }]);
        expect(done.costUsd).toBeCloseTo(0.0125, 9);
        expect(done.input).toEqual(input);
      });

      test('returned jobs are copies', async () => {
        await store.enqueue(movieId, [spec('a', { input: { list: [1] } })], t0);
        const copy = await job('a');
        (copy.input as { list: number[] }).list.push(2);
        copy.status = 'failed';
        expect(await job('a')).toMatchObject({ status: 'pending', input: { list: [1] } });
      });
    });
  });
}
