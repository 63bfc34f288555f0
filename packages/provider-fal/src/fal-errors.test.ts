import { ApiCallError, CinemaError, type InputFile } from '@cinema/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createFal } from './fal-provider.js';
import { createFalEmulator, createPng, falReplies, type FalEmulator } from './testing/index.js';

const apiKey = 'fal-secret-key-7f3a9c1e:0d4b8e2f6a1c';
let emulator: FalEmulator;
beforeAll(async () => {
  emulator = await createFalEmulator({ apiKey });
});
afterAll(() => emulator.close());
afterEach(() => emulator.reset());

const provider = () => createFal({ apiKey, ...emulator.providerSettings, pollIntervalMs: 1 });
const image = { idempotencyKey: 'job-1', prompt: 'a cat', aspectRatio: '1:1', referenceImages: [] as InputFile[] };

async function caught(promise: Promise<unknown>): Promise<CinemaError> {
  try {
    await promise;
  } catch (error) {
    if (!CinemaError.isInstance(error)) throw new Error(`expected a CinemaError, got ${String(error)}`);
    return error;
  }
  throw new Error('expected the call to fail');
}

function assertNoKey(error: CinemaError) {
  const everything = JSON.stringify({
    message: error.message,
    body: (error as ApiCallError).responseBody,
    url: (error as ApiCallError).url,
    stack: error.stack,
  });
  expect(everything).not.toContain(apiKey);
  expect(everything).not.toContain(apiKey.split(':')[0]);
  expect(everything).not.toContain(apiKey.split(':')[1]);
}

describe('fal errors', () => {
  it('429 on submit: ApiCallError with retryAfterMs from Retry-After, one request, no SDK retries', async () => {
    emulator.enqueue('submit', falReplies.rateLimited(7));
    const error = await caught(provider().imageModel('fal-ai/flux/dev').doStart(image));
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ statusCode: 429, category: 'rate_limit', isRetryable: true, retryAfterMs: 7000 });
    expect(error.message).toContain('fal submit for fal-ai/flux/dev failed with HTTP 429: Rate limit exceeded');
    expect(emulator.requests.filter((entry) => entry.route === 'submit')).toHaveLength(1);
    expect(emulator.submissions('fal-ai/flux/dev')).toBe(0);
  });

  it('429 and 503 on status are thrown for the orchestrator, each after a single request', async () => {
    const model = provider().imageModel('fal-ai/flux/dev');
    const started = await model.doStart(image);
    emulator.enqueue('status', falReplies.rateLimited(2), falReplies.serverError(503, 'upstream unavailable'));
    const limited = await caught(model.doStatus({ operation: started.operation }));
    expect(limited).toMatchObject({ statusCode: 429, retryAfterMs: 2000 });
    // The status URL carries only fal-ai/flux; the message names the whole endpoint.
    expect(limited.message).toContain('fal status for fal-ai/flux/dev failed with HTTP 429');
    expect(await caught(model.doStatus({ operation: started.operation }))).toMatchObject({ statusCode: 503, isRetryable: true, category: 'server' });
    expect(emulator.requests.filter((entry) => entry.route === 'status')).toHaveLength(2);
    expect(await model.doStatus({ operation: started.operation })).toMatchObject({ status: 'pending' });
  });

  it('422 validation errors quote fal\'s field and message and are not retryable', async () => {
    emulator.configure('fal-ai/flux/dev', { requiredFields: ['prompt', 'mood'] });
    const error = await caught(provider().imageModel('fal-ai/flux/dev').doStart(image));
    expect(error).toMatchObject({ statusCode: 422, category: 'invalid_request', isRetryable: false });
    expect(error.message).toContain('HTTP 422: mood: field required');
    expect((error as ApiCallError).responseBody).toContain('value_error.missing');
  });

  it('content policy on submit: category content_policy, not retryable, with fal\'s reason', async () => {
    emulator.enqueue('submit', falReplies.contentPolicy('prompt', ['violence']));
    const error = await caught(provider().imageModel('fal-ai/flux/dev').doStart(image));
    expect(error).toMatchObject({ category: 'content_policy', isRetryable: false, statusCode: 422 });
    expect(error.message).toContain('prompt: The content was flagged by a content checker. [violence]');
  });

  it('content policy on the result: a failed status with category content_policy', async () => {
    const model = provider().videoModel('fal-ai/veo3.1');
    const started = await model.doStart({
      idempotencyKey: 'job-2',
      mode: 'text-to-video',
      prompt: 'x',
      durationSeconds: 8,
      aspectRatio: '16:9',
      referenceImages: [],
    });
    emulator.configure('fal-ai/veo3.1', { statuses: ['COMPLETED'] });
    emulator.enqueue('result', falReplies.contentPolicy('prompt', ['sexual']));
    const status = await model.doStatus({ operation: started.operation });
    expect(status).toMatchObject({ status: 'failed', category: 'content_policy', isRetryable: false });
    expect(status.status === 'failed' && status.message).toContain('flagged by a content checker');
  });

  it('a 500 on the result is a retryable failed job; a malformed JSON result is thrown as invalid_response', async () => {
    const model = provider().imageModel('fal-ai/flux/dev');
    emulator.configure('fal-ai/flux/dev', { statuses: ['COMPLETED'] });
    const started = await model.doStart(image);
    emulator.enqueue('result', falReplies.serverError(500, 'CUDA out of memory'), falReplies.malformedJson());
    expect(await model.doStatus({ operation: started.operation })).toMatchObject({
      status: 'failed',
      category: 'server',
      isRetryable: true,
      message: expect.stringContaining('CUDA out of memory'),
    });
    expect(await caught(model.doStatus({ operation: started.operation }))).toMatchObject({ category: 'invalid_response', isRetryable: true });
    expect(await model.doStatus({ operation: started.operation })).toMatchObject({ status: 'completed' });
    expect(emulator.requests.filter((entry) => entry.route === 'result')).toHaveLength(3);
  });

  it('a failed storage upload names the file, and is not cached: the next call uploads again', async () => {
    const fal = provider();
    const reference: InputFile = { path: '/project/hero.png', mediaType: 'image/png', data: createPng(22, 22) };
    emulator.enqueue('upload-initiate', falReplies.serverError(503, 'storage busy'));
    const error = await caught(fal.imageModel('fal-ai/flux-pro/kontext').doStart({ ...image, referenceImages: [reference] }));
    expect(error).toMatchObject({ statusCode: 503, isRetryable: true });
    expect(error.message).toContain('fal storage upload of hero.png failed with HTTP 503: storage busy');
    expect(emulator.submissions('fal-ai/flux-pro/kontext')).toBe(0);
    await fal.imageModel('fal-ai/flux-pro/kontext').doStart({ ...image, referenceImages: [reference] });
    expect(emulator.uploads()).toHaveLength(1);
    expect(emulator.submissions('fal-ai/flux-pro/kontext')).toBe(1);
  });

  it('an unknown request id is not_found', async () => {
    const error = await caught(
      provider().imageModel('fal-ai/flux/dev').doStatus({ operation: { endpointId: 'fal-ai/flux/dev', requestId: 'no-such-request' } }),
    );
    expect(error).toMatchObject({ statusCode: 404, category: 'not_found' });
  });

  it('a refused connection is a retryable network error', async () => {
    const fal = createFal({ apiKey, baseURL: 'http://127.0.0.1:9', restURL: 'http://127.0.0.1:9' });
    const error = await caught(fal.imageModel('fal-ai/flux/dev').doStart(image));
    expect(error).toMatchObject({ category: 'network', isRetryable: true });
    expect(error.message).toMatch(/could not reach 127\.0\.0\.1:9/);
  });
});

describe('fal API key', () => {
  it('missing key: validate() and every call throw an auth error naming FAL_KEY, before any request', async () => {
    const saved = { key: process.env.FAL_KEY, id: process.env.FAL_KEY_ID, secret: process.env.FAL_KEY_SECRET };
    delete process.env.FAL_KEY;
    delete process.env.FAL_KEY_ID;
    delete process.env.FAL_KEY_SECRET;
    try {
      const fal = createFal(emulator.providerSettings);
      expect(() => fal.validate()).toThrow(/FAL_KEY/);
      const error = await caught(fal.imageModel('fal-ai/flux/dev').doStart(image));
      expect(error).toMatchObject({ category: 'auth', isRetryable: false });
      expect(error.message).toContain('FAL_KEY');
      expect(emulator.requests).toHaveLength(0);
      process.env.FAL_KEY = apiKey;
      expect(() => fal.validate()).not.toThrow();
      await fal.imageModel('fal-ai/flux/dev').doStart(image);
      expect(emulator.submissions('fal-ai/flux/dev')).toBe(1);
    } finally {
      for (const [name, value] of [['FAL_KEY', saved.key], ['FAL_KEY_ID', saved.id], ['FAL_KEY_SECRET', saved.secret]] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  it('a wrong key is an auth error that does not show the key', async () => {
    const fal = createFal({ apiKey: 'wrong-key-1234567890', ...emulator.providerSettings });
    const error = await caught(fal.imageModel('fal-ai/flux/dev').doStart(image));
    expect(error).toMatchObject({ statusCode: 401, category: 'auth' });
    expect(error.message).not.toContain('wrong-key-1234567890');
  });

  it('the key is in no error, operation, warning or emulator log, even when fal echoes it back', async () => {
    const fal = provider();
    const reference: InputFile = { path: '/p/hero.png', mediaType: 'image/png', data: createPng(20, 20) };
    const started = await fal.imageModel('fal-ai/flux-pro/kontext').doStart({ ...image, referenceImages: [reference] });
    expect(JSON.stringify(started)).not.toContain(apiKey.split(':')[0]);
    emulator.enqueue('status', { status: 400, json: { detail: `Bad key ${apiKey} for this request` } });
    const error = await caught(fal.imageModel('fal-ai/flux-pro/kontext').doStatus({ operation: started.operation }));
    assertNoKey(error);
    expect(error.message).toContain('Bad key [redacted]');
    for (const reply of [falReplies.rateLimited(1), falReplies.contentPolicy(), falReplies.serverError(502)]) {
      emulator.enqueue('submit', reply);
      assertNoKey(await caught(fal.imageModel('fal-ai/flux/dev').doStart(image)));
    }
    const log = JSON.stringify(emulator.requests);
    expect(log).not.toContain(apiKey.split(':')[0]);
    expect(emulator.requests.filter((entry) => entry.route !== 'upload').every((entry) => entry.authorization === 'present')).toBe(true);
    expect(emulator.requests.find((entry) => entry.route === 'upload')?.authorization).toBe('absent');
  });
});
