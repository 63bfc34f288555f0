import { describe, expect, it } from 'vitest';
import type { Job, JobLease, JobSpec, JobStoreV1, StoreEvent } from '../job-store/v1/index.js';

const movieId = 'movie-1';
const t0 = 1_700_000_000_000;

function spec(key: string, overrides: Partial<JobSpec> = {}): JobSpec {
  return { key, stage: 'keyframes', lane: 'fal', input: { prompt: key }, inputHash: `hash:${key}`, dependsOn: [], ...overrides };
}

function leaseOf(job: Job): JobLease {
  return { movieId: job.movieId, key: job.key, token: job.leaseToken };
}

/** Every event after `after`, as `type key` lines, so a failure shows the whole story. */
async function story(store: JobStoreV1, after = 0, query: { movieId?: string } = {}): Promise<string[]> {
  const events = await store.listEvents({ after, ...query });
  return events.map((event) => (event.jobKey === null ? event.type : `${event.type} ${event.jobKey}`));
}

function lastSeq(store: JobStoreV1): Promise<number> {
  return store.lastEventSeq();
}

/**
 * The event log and webhook delivery part of the JobStoreV1 contract, run by
 * `runJobStoreConformance` on a store that holds `movie-1`, created at `t0`.
 */
export function describeEventLogConformance(current: () => JobStoreV1, test: (title: string, body: () => Promise<void>) => void): void {
  async function claim(key: string, now = t0): Promise<Job> {
    const claimed = await current().claim({ movieId, workerId: 'worker-1', limit: 10, leaseMs: 60_000, now });
    const job = claimed.find((found) => found.key === key);
    expect(job, `claimed ${key}`).toBeDefined();
    return job!;
  }

  describe('event log', () => {
    test('the movie and a job that completes tell their story in order, with what happened', async () => {
      const store = current();
      await store.enqueue(movieId, [spec('a', { estimatedCostUsd: 0.5 })], t0 + 1);
      const lease = leaseOf(await claim('a', t0 + 2));
      await store.heartbeat(lease, 60_000, t0 + 3);
      await store.setSubmitKey(lease, 'key-1', t0 + 3);
      await store.markSubmitted(lease, { id: 'op-1' }, t0 + 4);
      await store.complete(lease, { outputs: [{ path: 'a.png', sha256: '0'.repeat(64), bytes: 1 }], costUsd: 0.25 }, t0 + 5);
      await store.saveState(movieId, { status: 'completed', finalVideo: 'film.mp4' }, t0 + 6);
      const events = await store.listEvents({ after: 0 });
      expect(events.map((event) => event.type)).toEqual(['movie.created', 'job.created', 'job.claimed', 'job.submitted', 'job.completed', 'movie.run_ended']);
      expect(events.map((event) => event.seq)).toEqual([...events.map((event) => event.seq)].sort((x, y) => x - y));
      expect(new Set(events.map((event) => event.seq)).size).toBe(events.length);
      expect(events[0]).toEqual({
        seq: events[0]!.seq,
        type: 'movie.created',
        movieId,
        jobKey: null,
        stage: null,
        status: null,
        attempts: null,
        costUsd: null,
        error: null,
        at: t0,
      } satisfies StoreEvent);
      expect(events[2]).toMatchObject({ type: 'job.claimed', jobKey: 'a', stage: 'keyframes', status: 'in_progress', attempts: 1, costUsd: 0, error: null, at: t0 + 2 });
      expect(events[3]).toMatchObject({ type: 'job.submitted', status: 'waiting', at: t0 + 4 });
      expect(events[4]).toMatchObject({ type: 'job.completed', status: 'completed', attempts: 1, at: t0 + 5 });
      expect(events[4]!.costUsd).toBeCloseTo(0.25, 9);
      expect(events[5]).toMatchObject({ type: 'movie.run_ended', movieId, jobKey: null, status: 'completed', at: t0 + 6 });
    });

    test('a failed attempt, a failure for good and a retry are told with the error', async () => {
      const store = current();
      await store.enqueue(movieId, [spec('a', { maxAttempts: 2 })], t0);
      const from = await lastSeq(store);
      const error = { message: 'the model said "no" 💥', category: 'server' as const, isRetryable: true };
      await store.fail(leaseOf(await claim('a')), { error, retryAt: t0, consumeAttempt: true, costUsd: 0.1 }, t0 + 1);
      await store.fail(leaseOf(await claim('a', t0 + 2)), { error: { ...error, message: 'gave up' }, retryAt: null, consumeAttempt: true }, t0 + 3);
      await store.retry(movieId, {}, t0 + 4);
      const events = await store.listEvents({ after: from });
      expect(events.map((event) => event.type)).toEqual(['job.claimed', 'job.attempt_failed', 'job.claimed', 'job.failed', 'job.retried']);
      expect(events[1]).toMatchObject({ status: 'pending', error: 'the model said "no" 💥', attempts: 1 });
      expect(events[1]!.costUsd).toBeCloseTo(0.1, 9);
      expect(events[3]).toMatchObject({ status: 'failed', error: 'gave up', attempts: 2 });
      expect(events[4]).toMatchObject({ status: 'pending', error: null, attempts: 0, at: t0 + 4 });
    });

    test('release, cancel, hold, approve, retire, restore and takes each have their event; heartbeats and unblocked dependents none', async () => {
      const store = current();
      await store.enqueue(movieId, [spec('a'), spec('b', { dependsOn: ['a'] }), spec('c'), spec('d')], t0);
      const from = await lastSeq(store);
      const claimed = await store.claim({ movieId, workerId: 'worker-1', limit: 10, leaseMs: 60_000, now: t0 });
      expect(claimed.map((job) => job.key).sort()).toEqual(['a', 'c', 'd']);
      const leases = new Map(claimed.map((job) => [job.key, leaseOf(job)]));
      await store.complete(leases.get('a')!, { outputs: [], costUsd: 0 }, t0 + 1);
      await store.release(leases.get('c')!, t0 + 2);
      await store.cancel(movieId, { keys: ['d'] }, t0 + 3);
      await store.hold(movieId, ['c'], t0 + 4);
      await store.approve(movieId, ['c'], t0 + 5);
      await store.retire(movieId, ['b'], t0 + 6);
      await store.enqueue(movieId, [spec('b', { dependsOn: ['a'] })], t0 + 7);
      await store.addTake(movieId, 'a', { outputs: [{ path: 'mine.png', sha256: '1'.repeat(64), bytes: 2 }] }, t0 + 8);
      expect(await store.pickTake(movieId, 'a', 1, t0 + 9)).toBe(true);
      expect(await story(store, from)).toEqual([
        'job.claimed a',
        'job.claimed c',
        'job.claimed d',
        'job.completed a',
        'job.released c',
        'job.cancelled d',
        'job.held c',
        'job.approved c',
        'job.retired b',
        'job.restored b',
        'job.completed a',
        'job.completed a',
      ]);
    });

    test('a lease that ran out is told as released, or failed when the job is out of attempts', async () => {
      const store = current();
      await store.enqueue(movieId, [spec('a'), spec('b', { maxAttempts: 1 })], t0);
      const from = await lastSeq(store);
      await store.claim({ movieId, workerId: 'worker-1', limit: 10, leaseMs: 1000, now: t0 });
      expect(await store.reclaimExpired(movieId, t0 + 1000)).toBe(2);
      const events = await store.listEvents({ after: from });
      expect(events.filter((event) => event.type !== 'job.claimed').map((event) => `${event.type} ${event.jobKey}`).sort()).toEqual(['job.failed b', 'job.released a']);
      expect(events.find((event) => event.type === 'job.failed')!.error).toMatch(/lease expired/);
    });

    test('reads page by seq, per movie or across movies', async () => {
      const store = current();
      await store.createMovie({ id: 'movie-2', input: null, now: t0 });
      await store.enqueue(movieId, [spec('a'), spec('b')], t0);
      await store.enqueue('movie-2', [spec('a')], t0);
      expect(await story(store, 0, { movieId: 'movie-2' })).toEqual(['movie.created', 'job.created a']);
      expect(await story(store)).toHaveLength(5);
      const first = await store.listEvents({ after: 0, limit: 2 });
      expect(first).toHaveLength(2);
      const rest = await store.listEvents({ after: first[1]!.seq, limit: 100 });
      expect([...first, ...rest].map((event) => event.seq)).toEqual((await store.listEvents({ after: 0 })).map((event) => event.seq));
      expect(await store.listEvents({ after: rest.at(-1)!.seq })).toEqual([]);
      expect(await store.lastEventSeq()).toBe(rest.at(-1)!.seq);
      expect(await store.lastEventSeq('movie-2')).toBe((await store.listEvents({ after: 0, movieId: 'movie-2' })).at(-1)!.seq);
      expect(await store.lastEventSeq('nope')).toBe(0);
      expect(await store.listEvents({ after: 0, movieId: 'nope' })).toEqual([]);
    });

    test('concurrent writes get distinct seqs, and every change is in the log', async () => {
      const store = current();
      await store.enqueue(movieId, Array.from({ length: 20 }, (_, index) => spec(`j${index}`)), t0);
      const claimed = await store.claim({ movieId, workerId: 'worker-1', limit: 20, leaseMs: 60_000, now: t0 });
      await Promise.all(claimed.map((job) => store.complete(leaseOf(job), { outputs: [], costUsd: 0.01 }, t0 + 1)));
      const events = await store.listEvents({ after: 0 });
      expect(events.filter((event) => event.type === 'job.completed')).toHaveLength(20);
      expect(new Set(events.map((event) => event.seq)).size).toBe(events.length);
    });
  });

  describe('webhook deliveries', () => {
    const lease = { webhookId: 'hook-1', owner: 'sender-1', leaseMs: 10_000, now: t0 };

    test('a new webhook starts at the end of the log, and one owner sends at a time', async () => {
      const store = current();
      await store.enqueue(movieId, [spec('a')], t0);
      const end = await lastSeq(store);
      expect(await store.leaseWebhook(lease)).toEqual({
        webhookId: 'hook-1',
        deliveredSeq: end,
        attempts: 0,
        nextAttemptAt: t0,
        lastError: null,
        deliveredAt: null,
        owner: 'sender-1',
        leaseExpiresAt: t0 + 10_000,
      });
      await store.enqueue(movieId, [spec('b')], t0);
      expect(await store.leaseWebhook({ ...lease, owner: 'sender-2', now: t0 + 9_999 })).toMatchObject({ owner: 'sender-1', leaseExpiresAt: t0 + 10_000 });
      expect(await store.recordWebhookDelivery('hook-1', 'sender-2', { deliveredSeq: end + 1 }, t0)).toBe(false);
      expect((await store.leaseWebhook({ ...lease, now: t0 + 5_000 }))?.deliveredSeq).toBe(end);
      expect(await store.leaseWebhook({ ...lease, owner: 'sender-2', now: t0 + 14_999 })).toMatchObject({ owner: 'sender-1', leaseExpiresAt: t0 + 15_000 });
      expect(await store.leaseWebhook({ ...lease, owner: 'sender-2', now: t0 + 15_000 })).toMatchObject({ deliveredSeq: end, owner: 'sender-2', leaseExpiresAt: t0 + 25_000 });
      expect(await store.recordWebhookDelivery('hook-1', 'sender-1', { deliveredSeq: end + 1 }, t0)).toBe(false);
    });

    test('an owner known to be dead loses its lease at once to the one that names it', async () => {
      const store = current();
      await store.leaseWebhook(lease);
      expect(await store.leaseWebhook({ ...lease, owner: 'sender-2', now: t0 + 1, takeOverFrom: 'someone-else' })).toMatchObject({ owner: 'sender-1' });
      expect(await store.leaseWebhook({ ...lease, owner: 'sender-2', now: t0 + 1, takeOverFrom: 'sender-1' })).toMatchObject({ owner: 'sender-2', leaseExpiresAt: t0 + 10_001 });
      expect(await store.recordWebhookDelivery('hook-1', 'sender-1', { error: 'late', nextAttemptAt: t0 }, t0 + 2)).toBe(false);
    });

    test('failures count attempts and keep the error until a delivery moves the webhook on', async () => {
      const store = current();
      const start = (await store.leaseWebhook(lease))!.deliveredSeq;
      expect(await store.recordWebhookDelivery('hook-1', 'sender-1', { error: 'HTTP 500', nextAttemptAt: t0 + 1000 }, t0)).toBe(true);
      expect(await store.recordWebhookDelivery('hook-1', 'sender-1', { error: 'HTTP 503', nextAttemptAt: t0 + 3000 }, t0 + 1000)).toBe(true);
      expect(await store.leaseWebhook({ ...lease, now: t0 + 1000 })).toEqual({
        webhookId: 'hook-1',
        deliveredSeq: start,
        attempts: 2,
        nextAttemptAt: t0 + 3000,
        lastError: 'HTTP 503',
        deliveredAt: null,
        owner: 'sender-1',
        leaseExpiresAt: t0 + 11_000,
      });
      expect(await store.recordWebhookDelivery('hook-1', 'sender-1', { deliveredSeq: start + 5 }, t0 + 3000)).toBe(true);
      expect(await store.recordWebhookDelivery('hook-1', 'sender-1', { deliveredSeq: start + 2 }, t0 + 3001)).toBe(true);
      expect(await store.leaseWebhook({ ...lease, now: t0 + 3001 })).toEqual({
        webhookId: 'hook-1',
        deliveredSeq: start + 5,
        attempts: 0,
        nextAttemptAt: t0 + 3001,
        lastError: null,
        deliveredAt: t0 + 3001,
        owner: 'sender-1',
        leaseExpiresAt: t0 + 13_001,
      });
      expect(await store.leaseWebhook({ ...lease, webhookId: 'hook-2' })).toMatchObject({ webhookId: 'hook-2', attempts: 0 });
    });
  });
}
