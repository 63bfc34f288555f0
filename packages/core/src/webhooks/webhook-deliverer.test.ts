import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryJobStore } from '../job-store/memory-job-store.js';
import type { JobStoreV1 } from '../job-store/v1/index.js';
import { signWebhook } from './sign-webhook.js';
import { WebhookDeliverer } from './webhook-deliverer.js';

const secret = `whsec_${randomBytes(32).toString('base64')}`;
const movieId = 'movie-1';

interface Received {
  id: string;
  type: string;
  seq: number;
  jobKey: string | null;
}

interface Receiver {
  url: string;
  /** Every request's webhook-id, answered or not. */
  requests: string[];
  /** What was taken (answered 2xx), in order. */
  taken: Received[];
  /** Statuses to answer the next requests with, before taking any. */
  failWith: number[];
  close(): Promise<void>;
}

/** A real HTTP receiver that checks every signature with the standardwebhooks library. */
async function receiver(): Promise<Receiver> {
  const verifier = new Webhook(secret);
  const state = { requests: [] as string[], taken: [] as Received[], failWith: [] as number[] };
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const headers = request.headers as Record<string, string>;
      state.requests.push(headers['webhook-id']!);
      const status = state.failWith.shift();
      if (status !== undefined) {
        response.writeHead(status, status === 503 ? { 'retry-after': '0' } : {}).end();
        return;
      }
      const payload = verifier.verify(body, headers) as { type: string; data: { seq: number; jobKey: string | null } };
      state.taken.push({ id: headers['webhook-id']!, type: payload.type, seq: payload.data.seq, jobKey: payload.data.jobKey });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}/hook`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function workAMovie(store: JobStoreV1, keys: string[]): Promise<void> {
  await store.enqueue(movieId, keys.map((key) => ({ key, stage: 'keyframes', lane: 'free', input: {}, inputHash: key, dependsOn: [] })), Date.now());
  for (const job of await store.claim({ movieId, workerId: 'w', limit: 100, leaseMs: 60_000, now: Date.now() })) {
    await store.complete({ movieId, key: job.key, token: job.leaseToken }, { outputs: [], costUsd: 0 }, Date.now());
  }
}

describe('signWebhook', () => {
  it('signs as Standard Webhooks says: the reference library accepts it, and refuses a changed body', () => {
    const body = JSON.stringify({ type: 'job.completed', data: { ü: 1 } });
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = { 'webhook-id': 'evt_1', 'webhook-timestamp': String(timestamp), 'webhook-signature': signWebhook(secret, 'evt_1', timestamp, body) };
    expect(new Webhook(secret).verify(body, headers)).toEqual({ type: 'job.completed', data: { ü: 1 } });
    expect(() => new Webhook(secret).verify(body.replace('1', '2'), headers)).toThrow(/signature/i);
    expect(headers['webhook-signature']).toBe(new Webhook(secret).sign('evt_1', new Date(timestamp * 1000), body));
  });
});

describe('WebhookDeliverer', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function setUp() {
    const store = new MemoryJobStore();
    const server = await receiver();
    cleanups.push(() => server.close());
    return { store, server, taken: server.taken, url: server.url };
  }

  function deliverer(store: JobStoreV1, url: string, events?: ('job.completed' | 'movie.*')[]) {
    const created = new WebhookDeliverer({ store, webhooks: [{ url, secret, events }], pollMs: 10, backoff: { initialDelayMs: 20, maxDelayMs: 100 } });
    cleanups.push(() => created.stop());
    return created;
  }

  it('sends every event in log order, signed, and starts at the end of the log for a new webhook', async () => {
    const { store, taken, url } = await setUp();
    await store.createMovie({ id: 'before', input: null, now: Date.now() });
    await deliverer(store, url).start();
    await store.createMovie({ id: movieId, input: null, now: Date.now() });
    await workAMovie(store, ['a', 'b']);
    const log = await store.listEvents({ after: 0 });
    await until(() => taken.length === log.length - 1);
    expect(taken.map((event) => event.seq)).toEqual(log.slice(1).map((event) => event.seq));
    expect(taken.map((event) => `${event.type} ${event.jobKey ?? ''}`)).toEqual([
      'movie.created ',
      'job.created a',
      'job.created b',
      'job.claimed a',
      'job.claimed b',
      'job.completed a',
      'job.completed b',
    ]);
    expect(new Set(taken.map((event) => event.id)).size).toBe(taken.length);
  });

  it('retries with backoff while the receiver answers 500, then sends the rest once, in order', async () => {
    const { store, server, taken, url } = await setUp();
    await store.createMovie({ id: movieId, input: null, now: Date.now() });
    server.failWith.push(500, 500, 503);
    const errors: string[] = [];
    const sender = new WebhookDeliverer({ store, webhooks: [{ url, secret }], pollMs: 10, backoff: { initialDelayMs: 20, maxDelayMs: 100 }, onError: (problem) => errors.push(problem.message) });
    cleanups.push(() => sender.stop());
    await sender.start();
    await workAMovie(store, ['a']);
    await until(() => taken.length === 3);
    expect(taken.map((event) => event.type)).toEqual(['job.created', 'job.claimed', 'job.completed']);
    expect(server.requests).toHaveLength(6);
    expect(new Set(server.requests.slice(0, 4)).size).toBe(1);
    expect(errors).toEqual([expect.stringMatching(/job.created .*HTTP 500/), expect.stringMatching(/HTTP 500/), expect.stringMatching(/HTTP 503/)]);
    // The receiver has the last event a moment before the sender records it: wait for the record.
    const lastSeq = (await store.listEvents({ after: 0 })).at(-1)!.seq;
    const recorded = () => store.leaseWebhook({ webhookId: WebhookDeliverer.webhookId({ url }), owner: 'someone else', leaseMs: 1, now: Date.now() });
    await until(async () => (await recorded())?.deliveredSeq === lastSeq);
    expect(await recorded()).toMatchObject({ attempts: 0, lastError: null, deliveredSeq: lastSeq, owner: expect.stringMatching(/:\d+:/) });
  });

  it('sends only the events the webhook asked for, and moves past the others', async () => {
    const { store, taken, url } = await setUp();
    await store.createMovie({ id: movieId, input: null, now: Date.now() });
    await deliverer(store, url, ['job.completed', 'movie.*']).start();
    await workAMovie(store, ['a', 'b']);
    await store.saveState(movieId, { status: 'completed' }, Date.now());
    await until(() => taken.length === 3);
    expect(taken.map((event) => `${event.type} ${event.jobKey ?? ''}`)).toEqual(['job.completed a', 'job.completed b', 'movie.run_ended ']);
  });

  it('of two deliverers on one store, one sends: nothing arrives twice', async () => {
    const { store, taken, url } = await setUp();
    await store.createMovie({ id: movieId, input: null, now: Date.now() });
    await Promise.all([deliverer(store, url).start(), deliverer(store, url).start()]);
    await workAMovie(store, ['a', 'b', 'c']);
    await until(() => taken.length === 9);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(taken).toHaveLength(9);
    expect(new Set(taken.map((event) => event.id)).size).toBe(9);
  });

  it('takes the webhooks of a sender of this host that died at once, and carries on after its last delivery', async () => {
    const { store, taken, url } = await setUp();
    await store.createMovie({ id: movieId, input: null, now: Date.now() });
    const webhookId = WebhookDeliverer.webhookId({ url });
    // A process that no longer exists held the lease for a minute, and had delivered up to the movie's creation.
    const dead = `${hostname()}:999999999:gone`;
    await store.leaseWebhook({ webhookId, owner: dead, leaseMs: 60_000, now: Date.now() });
    await workAMovie(store, ['a']);
    await deliverer(store, url).start();
    await until(() => taken.length === 3);
    expect(taken.map((event) => event.type)).toEqual(['job.created', 'job.claimed', 'job.completed']);
  });

  it('stop drains what is due before it returns', async () => {
    const { store, taken, url } = await setUp();
    await store.createMovie({ id: movieId, input: null, now: Date.now() });
    const sender = new WebhookDeliverer({ store, webhooks: [{ url, secret }], pollMs: 60_000 });
    await sender.start();
    await workAMovie(store, ['a']);
    await sender.stop({ drainMs: 5_000 });
    expect(taken.map((event) => event.type)).toEqual(['job.created', 'job.claimed', 'job.completed']);
  });
});
