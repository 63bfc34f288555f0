import { replies } from '@cinema/test-server';
import Replicate from 'replicate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createReplicateEmulator } from './replicate-emulator.js';
import type { ReplicateEmulator } from './replicate-emulator.js';

let emulator: ReplicateEmulator;
beforeEach(async () => {
  emulator = await createReplicateEmulator({ token: 'secret-token' });
});
afterEach(async () => {
  await emulator.close();
});

const auth = { authorization: 'Bearer secret-token', 'content-type': 'application/json' };

async function succeededOutput(): Promise<string> {
  const created = (await (await fetch(`${emulator.baseURL}/models/google/veo-3/predictions`, { method: 'POST', headers: auth, body: JSON.stringify({ input: { prompt: 'x' } }) })).json()) as { id: string };
  let body: { status: string; output: string } = { status: 'starting', output: '' };
  while (body.status !== 'succeeded') body = (await (await fetch(`${emulator.baseURL}/predictions/${created.id}`, { headers: auth })).json()) as typeof body;
  return body.output;
}

describe('replicate emulator', () => {
  it('refuses requests without the token, and logs that without storing a value', async () => {
    const missing = await fetch(`${emulator.baseURL}/predictions/abc`);
    const wrong = await fetch(`${emulator.baseURL}/predictions/abc`, { headers: { authorization: 'Bearer nope' } });
    expect([missing.status, wrong.status]).toEqual([401, 401]);
    expect(emulator.requests.map((request) => request.authorization)).toEqual(['missing', 'invalid']);
    expect(JSON.stringify(emulator.requests)).not.toContain('nope');
  });

  it('flags a token sent in a body and stores it redacted', async () => {
    await fetch(`${emulator.baseURL}/models/google/veo-3/predictions`, { method: 'POST', headers: auth, body: JSON.stringify({ input: { prompt: 'x', auth: 'secret-token' } }) });
    expect(emulator.requests[0]!.containsToken).toBe(true);
    expect(JSON.stringify(emulator.requests)).not.toContain('secret-token');
  });

  it('enforces Kling end_image needing mode pro, as the real model does', async () => {
    const response = await fetch(`${emulator.baseURL}/models/kwaivgi/kling-v2.1/predictions`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ input: { prompt: 'x', start_image: 'https://a/b.png', end_image: 'https://a/c.png', mode: 'standard' } }),
    });
    expect(response.status).toBe(422);
    expect(emulator.predictionsCreated()).toBe(0);
  });

  it('serves slow downloads whole and truncated ones short', async () => {
    const url = await succeededOutput();
    const path = new URL(url).pathname;
    emulator.script({ method: 'GET', path }, { delayMs: 150 }, { truncateAt: 100 });

    const slow = await fetch(url);
    const full = new Uint8Array(await slow.arrayBuffer());
    expect(Number(slow.headers.get('content-length'))).toBe(full.byteLength);
    expect(full.byteLength).toBeGreaterThan(1000);

    const truncated = await fetch(url);
    expect(Number(truncated.headers.get('content-length'))).toBe(full.byteLength);
    await expect(truncated.arrayBuffer()).rejects.toThrow();
  });

  it('fails a prediction whose input points at a file that was never uploaded', async () => {
    const created = (await (
      await fetch(`${emulator.baseURL}/models/google/veo-3/predictions`, { method: 'POST', headers: auth, body: JSON.stringify({ input: { prompt: 'x', image: `${emulator.baseURL}/files/missing` } }) })
    ).json()) as { id: string };
    let body = { status: 'starting', error: null as string | null };
    while (body.status === 'starting' || body.status === 'processing') body = (await (await fetch(`${emulator.baseURL}/predictions/${created.id}`, { headers: auth })).json()) as typeof body;
    expect(body.status).toBe('failed');
    expect(body.error).toMatch(/Could not fetch input file/);
  });

  it('scripts a 404 and a dropped connection on one model\'s output downloads only', async () => {
    const url = await succeededOutput();
    emulator.script({ method: 'GET', path: /^\/delivery\//, model: 'google/veo-3' }, { status: 404, body: 'Not found' }, replies.drop());
    emulator.script({ method: 'GET', path: /^\/delivery\//, model: 'some/other-model' }, { status: 500 });
    expect((await fetch(url)).status).toBe(404);
    await expect(fetch(url)).rejects.toThrow();
    expect((await fetch(url)).status).toBe(200);
  });
});

describe('replicate emulator: listing predictions', () => {
  const sdk = () => new Replicate({ auth: 'secret-token', baseUrl: emulator.baseURL });
  const create = async (prompt: string) =>
    (await (await fetch(`${emulator.baseURL}/models/google/veo-3/predictions`, { method: 'POST', headers: auth, body: JSON.stringify({ input: { prompt } }) })).json()) as { id: string };

  it('lists newest first with each input and created_at, a page at a time, through the official SDK', async () => {
    await emulator.close();
    emulator = await createReplicateEmulator({ token: 'secret-token', predictionsPerPage: 2 });
    const created = [];
    for (const prompt of ['one', 'two', 'three', 'four', 'five']) created.push((await create(prompt)).id);

    const pages: { id: string; input: { prompt: string }; created_at: string; status: string }[][] = [];
    for await (const page of sdk().paginate(() => sdk().predictions.list())) pages.push(page as (typeof pages)[number]);

    expect(pages.map((page) => page.map((prediction) => prediction.input.prompt))).toEqual([['five', 'four'], ['three', 'two'], ['one']]);
    expect(pages.flat().map((prediction) => prediction.id)).toEqual([...created].reverse());
    expect(pages.flat().every((prediction) => !Number.isNaN(Date.parse(prediction.created_at)) && prediction.status === 'starting')).toBe(true);
    // Listing does not move a prediction on; only polling it does.
    expect(emulator.predictions.every((prediction) => prediction.step === 0)).toBe(true);
    const first = (await (await fetch(`${emulator.baseURL}/predictions`, { headers: auth })).json()) as { next: string | null; previous: null };
    expect(first.next).toMatch(new RegExp(`^${emulator.baseURL}/predictions\\?cursor=`));
    expect(first.previous).toBeNull();
  });

  it('filters by created_after and source, and refuses an unknown cursor', async () => {
    await create('old');
    await new Promise((resolve) => setTimeout(resolve, 5));
    const boundary = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 5));
    await create('new');
    const list = async (query: string) => (await (await fetch(`${emulator.baseURL}/predictions?${query}`, { headers: auth })).json()) as { results: { input: { prompt: string } }[] };
    expect((await list(`created_after=${boundary}`)).results.map((prediction) => prediction.input.prompt)).toEqual(['new']);
    expect((await list(`created_before=${boundary}`)).results.map((prediction) => prediction.input.prompt)).toEqual(['old']);
    expect((await list('source=web')).results).toEqual([]);
    expect((await fetch(`${emulator.baseURL}/predictions?cursor=bm9wZQ`, { headers: auth })).status).toBe(400);
    expect((await fetch(`${emulator.baseURL}/predictions`)).status).toBe(401);
  });
});
