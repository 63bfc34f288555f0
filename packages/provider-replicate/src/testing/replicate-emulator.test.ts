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
});
