import { ApiCallError, CinemaError } from '@cinema/core';
import type { VideoModelV1CallOptions } from '@cinema/core';
import Replicate from 'replicate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createReplicate } from './replicate-provider.js';
import { catchError, emulatedProvider, errorText, pngFile, testToken } from './test-helpers.js';
import { createReplicateEmulator } from './testing/replicate-emulator.js';
import type { ReplicateEmulator } from './testing/replicate-emulator.js';

let emulator: ReplicateEmulator;
beforeEach(async () => {
  emulator = await createReplicateEmulator({ token: testToken });
});
afterEach(async () => {
  await emulator.close();
});

const video: VideoModelV1CallOptions = {
  mode: 'first-last-frame',
  prompt: 'two ships pass at night',
  durationSeconds: 5,
  aspectRatio: '16:9',
  firstFrame: pngFile('first.png', 1),
  lastFrame: pngFile('last.png', 2),
  referenceImages: [],
  idempotencyKey: 'job-7',
};

const createPath = '/v1/models/kwaivgi/kling-v2.1/predictions';

describe('rate limits', () => {
  it('the bare SDK repeats a 429 six times at once (the behaviour worked around)', async () => {
    emulator.script({ method: 'POST', path: createPath }, ...Array.from({ length: 6 }, () => ({ status: 429, headers: { 'retry-after': '7' }, body: { detail: 'Request was throttled.' } })));
    const sdk = new Replicate({ auth: testToken, baseUrl: emulator.baseURL });
    await expect(sdk.predictions.create({ model: 'kwaivgi/kling-v2.1', input: { prompt: 'x' } })).rejects.toThrow(/429/);
    expect(emulator.requests.filter((request) => request.path === createPath)).toHaveLength(6);
  });

  it('turns a 429 into one request and an ApiCallError with retryAfterMs from Retry-After', async () => {
    emulator.script({ method: 'POST', path: createPath }, { status: 429, headers: { 'retry-after': '7' }, body: { detail: 'Request was throttled. Your rate limit resets in ~7s.' } });
    const { provider } = emulatedProvider(emulator);

    const error = await catchError(provider.videoModel('kwaivgi/kling-v2.1').doStart(video));

    expect(error).toBeInstanceOf(ApiCallError);
    expect(error).toMatchObject({ statusCode: 429, retryAfterMs: 7000, isRetryable: true, category: 'rate_limit' });
    expect((error as Error).message).toMatch(/HTTP 429.*throttled.*retry in 7 s/s);
    expect(emulator.requests.filter((request) => request.path === createPath)).toHaveLength(1);
    expect(emulator.predictionsCreated()).toBe(0);
  });

  it('reads the wait from the body when the 429 has no Retry-After header', async () => {
    emulator.script({ method: 'GET', path: /^\/v1\/predictions\// }, { status: 429, body: { detail: 'Request was throttled. Your rate limit resets in ~30s.' } });
    const { provider } = emulatedProvider(emulator);
    const model = provider.videoModel('kwaivgi/kling-v2.1');
    const started = await model.doStart(video);
    const error = await catchError(model.doStatus({ operation: started.operation }));
    expect(error).toMatchObject({ statusCode: 429, retryAfterMs: 30_000 });
    expect(emulator.requests.filter((request) => request.method === 'GET')).toHaveLength(1);
  });

  it('answers a 503 on a poll after one request (the SDK would repeat GETs on 5xx too)', async () => {
    emulator.script({ method: 'GET', path: /^\/v1\/predictions\// }, { status: 503, body: 'upstream unavailable' });
    const { provider } = emulatedProvider(emulator);
    const model = provider.videoModel('kwaivgi/kling-v2.1');
    const started = await model.doStart(video);
    const error = await catchError(model.doStatus({ operation: started.operation }));
    expect(error).toMatchObject({ statusCode: 503, isRetryable: true, category: 'server' });
    expect((error as Error).message).toContain('upstream unavailable');
    expect(emulator.requests.filter((request) => request.method === 'GET')).toHaveLength(1);
    // The next poll works: nothing was lost.
    expect((await model.doStatus({ operation: started.operation })).status).toBe('pending');
  });

  it('maps a 422 to a non-retryable invalid_request naming the problem', async () => {
    emulator.script({ method: 'POST', path: createPath }, { status: 422, body: { detail: 'duration must be one of 5, 10' } });
    const { provider } = emulatedProvider(emulator);
    const error = await catchError(provider.videoModel('kwaivgi/kling-v2.1').doStart(video));
    expect(error).toMatchObject({ statusCode: 422, isRetryable: false, category: 'invalid_request' });
    expect((error as Error).message).toContain('duration must be one of 5, 10');
  });

  it('maps a malformed JSON body to a retryable invalid_response', async () => {
    emulator.script({ method: 'GET', path: /^\/v1\/predictions\// }, { malformedJson: true });
    const { provider } = emulatedProvider(emulator);
    const model = provider.videoModel('kwaivgi/kling-v2.1');
    const started = await model.doStart(video);
    const error = await catchError(model.doStatus({ operation: started.operation }));
    expect(error).toMatchObject({ category: 'invalid_response', isRetryable: true });
    expect((error as Error).message).toMatch(/not JSON/);
  });

  it('maps a refused connection to a retryable network error', async () => {
    const closed = await createReplicateEmulator();
    const baseURL = closed.baseURL;
    await closed.close();
    const provider = createReplicate({ apiToken: testToken, baseURL });
    const error = await catchError(provider.videoModel('google/veo-3').doStart({ ...video, mode: 'text-to-video', firstFrame: undefined, lastFrame: undefined }));
    expect(error).toMatchObject({ category: 'network', isRetryable: true });
    expect((error as Error).message).toMatch(/Could not reach Replicate/);
  });
});

describe('the API token', () => {
  it('is required: validate() and every call fail with category auth naming REPLICATE_API_TOKEN', async () => {
    const saved = process.env.REPLICATE_API_TOKEN;
    delete process.env.REPLICATE_API_TOKEN;
    try {
      const provider = createReplicate({ baseURL: emulator.baseURL });
      const error = await catchError(provider.validate());
      expect(CinemaError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ category: 'auth', isRetryable: false });
      expect((error as Error).message).toContain('REPLICATE_API_TOKEN');
      const callError = await catchError(provider.videoModel('kwaivgi/kling-v2.1').doStart(video));
      expect(callError).toMatchObject({ category: 'auth' });
      expect(emulator.requests).toHaveLength(0);
    } finally {
      if (saved !== undefined) process.env.REPLICATE_API_TOKEN = saved;
    }
  });

  it('falls back to REPLICATE_API_TOKEN, read at call time', async () => {
    const saved = process.env.REPLICATE_API_TOKEN;
    const provider = createReplicate({ baseURL: emulator.baseURL });
    process.env.REPLICATE_API_TOKEN = testToken;
    try {
      await provider.validate({ remote: true });
      expect(emulator.requests).toEqual([expect.objectContaining({ path: '/v1/account', authorization: 'valid' })]);
    } finally {
      if (saved === undefined) delete process.env.REPLICATE_API_TOKEN;
      else process.env.REPLICATE_API_TOKEN = saved;
    }
  });

  it('a refused token gives category auth, and the error does not contain it', async () => {
    const wrongToken = 'r8_WRONG_token_value_123456';
    const provider = createReplicate({ apiToken: wrongToken, baseURL: emulator.baseURL });
    const error = await catchError(provider.validate({ remote: true }));
    expect(error).toMatchObject({ category: 'auth', statusCode: 401 });
    expect((error as Error).message).toContain('REPLICATE_API_TOKEN');
    expect(errorText(error)).not.toContain(wrongToken);
  });

  it('never appears in request bodies, other headers, the emulator log or errors', async () => {
    emulator.behave('kwaivgi/kling-v2.1', { outcome: 'failed', error: 'NSFW content detected' });
    emulator.script({ method: 'GET', path: /^\/v1\/predictions\// }, { status: 500, body: { detail: `echo: Bearer ${testToken}` } });
    const { provider } = emulatedProvider(emulator, { headers: { 'X-Team': 'blue' } });
    const model = provider.videoModel('kwaivgi/kling-v2.1');
    const started = await model.doStart({ ...video, headers: { 'X-Call': 'yes' } });
    const echoed = await catchError(model.doStatus({ operation: started.operation }));
    let failed = await model.doStatus({ operation: started.operation });
    while (failed.status === 'pending') failed = await model.doStatus({ operation: started.operation });
    const imageError = await catchError(
      emulatedProvider(emulator, { models: [] })
        .provider.imageModel('black-forest-labs/flux-schnell')
        .doGenerate({ prompt: 'x', aspectRatio: '1:1', referenceImages: [], idempotencyKey: 'k', abortSignal: AbortSignal.abort() }),
    );

    expect(emulator.requests.length).toBeGreaterThan(3);
    expect(emulator.requests.some((request) => request.path === '/v1/files')).toBe(true);
    expect(emulator.requests.every((request) => request.authorization === 'valid' || request.path.startsWith('/delivery'))).toBe(true);
    expect(emulator.requests.filter((request) => request.containsToken)).toEqual([]);
    expect(JSON.stringify(emulator.requests)).not.toContain(testToken);
    expect(emulator.requests.find((request) => request.method === 'POST' && request.path === createPath)?.headers).toMatchObject({ 'x-team': 'blue', 'x-call': 'yes' });
    expect(errorText(echoed)).not.toContain(testToken);
    expect(errorText(echoed)).toContain('[redacted]');
    expect(JSON.stringify(failed)).not.toContain(testToken);
    expect(failed).toMatchObject({ category: 'content_policy' });
    expect(errorText(imageError)).not.toContain(testToken);
  });
});
