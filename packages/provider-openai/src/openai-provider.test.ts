import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiCallError, CinemaError, ConfigError, InvalidResponseError, screenplaySchema } from '@cinema/core';
import type { InputFile } from '@cinema/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { findFfmpeg } from '@cinema/postprod-ffmpeg';
import { z } from 'zod';
import { checkOpenAIKey, createOpenAI } from './openai-provider.js';
import { createOpenAIEmulator, solidPng, type OpenAIEmulator } from './testing/index.js';

const apiKey = 'sk-test-Cinema-0123456789abcdefSECRET';
const screenplayJsonSchema = z.toJSONSchema(screenplaySchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;

const script = `The Lighthouse Keeper

INT. LIGHTHOUSE - NIGHT
Rain hammers the glass. MARA climbs the spiral stairs with a lantern.
MARA
Someone has to keep the light burning.
TOM: Not tonight. The storm is too strong.

EXT. CLIFF - DAWN
The storm has passed. Mara looks out over a calm sea.
MARA (softly)
We made it.`;

let emulator: OpenAIEmulator;
const provider = () => createOpenAI({ apiKey, baseURL: emulator.url });
const call = { idempotencyKey: 'job-1' };

function reference(index: number, bytes: number): InputFile {
  return { path: `/movie/characters/char_${index}-front.png`, mediaType: 'image/png', data: new Uint8Array(bytes).fill(index) };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

beforeAll(async () => {
  emulator = await createOpenAIEmulator({ port: 0, apiKey });
});

afterEach(() => {
  // No request ever logs the key, whatever the test did.
  expect(JSON.stringify(emulator.requests)).not.toContain(apiKey);
  emulator.reset();
});

afterAll(async () => {
  await emulator.close();
});

describe('textModel', () => {
  it('returns a structured screenplay that validates against screenplaySchema, with its cost', async () => {
    const model = provider().textModel('gpt-5');
    const result = await model.doGenerate({ ...call, system: 'You write screenplays.', prompt: script, jsonSchema: screenplayJsonSchema, schemaName: 'screenplay' });

    const screenplay = screenplaySchema.parse(result.object);
    expect(screenplay.title).toBe('The Lighthouse Keeper');
    expect(screenplay.scenes.map((scene) => scene.location)).toEqual(['LIGHTHOUSE', 'CLIFF']);
    expect(screenplay.characters.map((character) => character.name)).toEqual(['Mara', 'Tom']);

    expect(emulator.requests).toHaveLength(1);
    const request = emulator.requests[0]!;
    expect(request.path).toBe('/v1/chat/completions');
    const body = request.body as { model: string; messages: { role: string }[]; response_format: { type: string; json_schema: { name: string; strict: boolean; schema: unknown } } };
    expect(body.model).toBe('gpt-5');
    expect(body.messages.map((message) => message.role)).toEqual(['system', 'user']);
    expect(body.response_format.type).toBe('json_schema');
    expect(body.response_format.json_schema.name).toBe('screenplay');
    expect(body.response_format.json_schema.schema).toEqual(screenplayJsonSchema);
    // zod defaults make the schema unfit for strict mode, so it is not claimed.
    expect(body.response_format.json_schema.strict).toBe(false);

    expect(result.usage?.inputTokens).toBeGreaterThan(0);
    expect(result.usage?.outputTokens).toBeGreaterThan(0);
    const expected = (result.usage!.inputTokens! * 1.25 + result.usage!.outputTokens! * 10) / 1_000_000;
    expect(result.costUsd).toBeCloseTo(expected, 12);
    expect(result.costUsd).toBeGreaterThan(0);
    expect(result.warnings).toBeUndefined();
  });

  it('sends strict: true when the schema allows it, and the responder object comes back', async () => {
    const schema = z.toJSONSchema(z.object({ name: z.string(), count: z.number() }).strict()) as Record<string, unknown>;
    emulator.setChatResponder(() => ({ object: { name: 'Mara', count: 2 } }));
    try {
      const result = await provider().textModel('gpt-4.1').doGenerate({ ...call, prompt: 'Count.', jsonSchema: schema, schemaName: 'count tally', temperature: 0.3 });
      expect(result.object).toEqual({ name: 'Mara', count: 2 });
      const body = emulator.requests[0]!.body as { temperature: number; response_format: { json_schema: { name: string; strict: boolean } } };
      expect(body.response_format.json_schema).toMatchObject({ name: 'count_tally', strict: true });
      expect(body.temperature).toBe(0.3);
    } finally {
      emulator.setChatResponder(undefined);
    }
  });

  it('does not send temperature to reasoning models, and says so', async () => {
    const result = await provider().textModel('gpt-5-mini').doGenerate({ ...call, prompt: script, jsonSchema: screenplayJsonSchema, schemaName: 'screenplay', temperature: 0.7 });
    expect((emulator.requests[0]!.body as Record<string, unknown>)['temperature']).toBeUndefined();
    expect(result.warnings).toEqual([expect.objectContaining({ type: 'unsupported-setting', setting: 'temperature' })]);
  });

  it('turns a body that is not JSON into an InvalidResponseError quoting it', async () => {
    emulator.enqueue({ status: 200, body: '{"id":"chatcmpl-1","choices":[{"message": <html>proxy error</html>' });
    const error = await rejection(provider().textModel('gpt-5').doGenerate({ ...call, prompt: script, jsonSchema: screenplayJsonSchema, schemaName: 'screenplay' }));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as InvalidResponseError).category).toBe('invalid_response');
    expect((error as Error).message).toContain('not valid JSON');
    expect((error as Error).message).toContain('<html>proxy error</html>');
  });

  it('turns message content that is not JSON into an InvalidResponseError quoting (truncated) content', async () => {
    const long = `Sure! Here is your screenplay: ${'blah '.repeat(300)}`;
    emulator.setChatResponder(() => ({ content: long }));
    try {
      const error = await rejection(provider().textModel('gpt-5').doGenerate({ ...call, prompt: script, jsonSchema: screenplayJsonSchema, schemaName: 'screenplay' }));
      expect(CinemaError.isInstance(error)).toBe(true);
      expect((error as CinemaError).category).toBe('invalid_response');
      const message = (error as Error).message;
      expect(message).toContain('Sure! Here is your screenplay');
      expect(message).toContain('more characters');
      expect(message.length).toBeLessThan(1000);
    } finally {
      emulator.setChatResponder(undefined);
    }
  });

  it('accepts JSON wrapped in a Markdown fence (some OpenAI-compatible servers do that)', async () => {
    emulator.setChatResponder(() => ({ content: '```json\n{"ok": true}\n```' }));
    try {
      const result = await provider().textModel('llama3.1').doGenerate({ ...call, prompt: 'x', jsonSchema: { type: 'object' }, schemaName: 'ok' });
      expect(result.object).toEqual({ ok: true });
    } finally {
      emulator.setChatResponder(undefined);
    }
  });

  it('reports a refusal as content_policy, not retryable', async () => {
    emulator.setChatResponder(() => ({ refusal: "I'm sorry, I can't help with that." }));
    try {
      const error = await rejection(provider().textModel('gpt-5').doGenerate({ ...call, prompt: script, jsonSchema: screenplayJsonSchema, schemaName: 'screenplay' }));
      expect(CinemaError.isInstance(error)).toBe(true);
      expect((error as CinemaError).category).toBe('content_policy');
      expect((error as CinemaError).isRetryable).toBe(false);
      expect((error as Error).message).toContain("I can't help with that");
    } finally {
      emulator.setChatResponder(undefined);
    }
  });

  it('reports finish_reason "length" as a cut-off answer', async () => {
    emulator.setChatResponder(() => ({ content: '{"title": "The Li', finishReason: 'length' }));
    try {
      const error = await rejection(provider().textModel('gpt-5').doGenerate({ ...call, prompt: script, jsonSchema: screenplayJsonSchema, schemaName: 'screenplay' }));
      expect((error as CinemaError).category).toBe('invalid_response');
      expect((error as Error).message).toContain('maxOutputTokens');
    } finally {
      emulator.setChatResponder(undefined);
    }
  });
});

describe('errors', () => {
  const generate = () => provider().textModel('gpt-5').doGenerate({ ...call, prompt: script, jsonSchema: screenplayJsonSchema, schemaName: 'screenplay' });

  it('maps 429 with Retry-After to a retryable ApiCallError with retryAfterMs, and never retries itself', async () => {
    emulator.enqueue({ status: 429, headers: { 'retry-after': '2' } }, { status: 200 });
    const error = await rejection(generate());
    expect(error).toBeInstanceOf(ApiCallError);
    const apiError = error as ApiCallError;
    expect(apiError.statusCode).toBe(429);
    expect(apiError.category).toBe('rate_limit');
    expect(apiError.isRetryable).toBe(true);
    expect(apiError.retryAfterMs).toBe(2000);
    expect(apiError.url).toBe(`${emulator.url}/chat/completions`);
    expect(apiError.responseBody).toContain('rate_limit_exceeded');
    expect(emulator.requests).toHaveLength(1);

    // The orchestrator's retry then gets the queued 200.
    const result = await generate();
    expect(screenplaySchema.safeParse(result.object).success).toBe(true);
  });

  it('prefers retry-after-ms over Retry-After', async () => {
    emulator.enqueue({ status: 429, headers: { 'retry-after-ms': '1500', 'retry-after': '30' } });
    const error = (await rejection(generate())) as ApiCallError;
    expect(error.retryAfterMs).toBe(1500);
  });

  it('maps 500 to a retryable server error', async () => {
    emulator.enqueue({ status: 500 });
    const error = (await rejection(generate())) as ApiCallError;
    expect(error).toBeInstanceOf(ApiCallError);
    expect(error.statusCode).toBe(500);
    expect(error.category).toBe('server');
    expect(error.isRetryable).toBe(true);
    expect(emulator.requests).toHaveLength(1);
  });

  it('maps 400 to a non-retryable invalid_request with the server message', async () => {
    // (A 400 about the schema itself switches to JSON mode instead: see local-servers.test.ts.)
    emulator.enqueue({ status: 400, body: { error: { message: "Invalid value for 'max_completion_tokens': integer above maximum value.", type: 'invalid_request_error', param: 'max_completion_tokens', code: null } } });
    const error = (await rejection(generate())) as ApiCallError;
    expect(error.statusCode).toBe(400);
    expect(error.isRetryable).toBe(false);
    expect(error.category).toBe('invalid_request');
    expect(error.message).toContain("Invalid value for 'max_completion_tokens'");
    expect(error.message).toContain('gpt-5');
  });

  it('maps an image moderation block to content_policy, not retryable', async () => {
    emulator.enqueue({
      status: 400,
      path: '/v1/images/generations',
      body: { error: { message: 'Your request was rejected by the safety system.', type: 'image_generation_user_error', param: null, code: 'moderation_blocked' } },
    });
    const error = (await rejection(provider().imageModel('gpt-image-2').doGenerate({ ...call, prompt: 'x', referenceImages: [], aspectRatio: '16:9' }))) as ApiCallError;
    expect(error.category).toBe('content_policy');
    expect(error.isRetryable).toBe(false);
    expect(error.statusCode).toBe(400);
  });

  it('never shows the API key: wrong key, and a server that echoes the key', async () => {
    const wrongKey = 'sk-wrong-key-ABCDEFGHIJKLMNOP-4321';
    const wrong = await rejection(createOpenAI({ apiKey: wrongKey, baseURL: emulator.url }).textModel('gpt-5').doGenerate({ ...call, prompt: 'x', jsonSchema: { type: 'object' }, schemaName: 'x' }));
    expect(wrong).toBeInstanceOf(ApiCallError);
    expect((wrong as ApiCallError).statusCode).toBe(401);
    expect((wrong as ApiCallError).category).toBe('auth');
    expect((wrong as Error).message).toContain('OPENAI_API_KEY');
    for (const text of [(wrong as Error).message, (wrong as ApiCallError).responseBody ?? '', String((wrong as Error).stack)]) {
      expect(text).not.toContain(wrongKey);
      expect(text).not.toContain('sk-wro');
    }
    expect(JSON.stringify(emulator.requests)).not.toContain(wrongKey);

    emulator.enqueue({ status: 400, body: { error: { message: `Bad request from key ${apiKey} (Bearer ${apiKey})`, type: 'invalid_request_error', code: null } } });
    const echoed = (await rejection(generate())) as ApiCallError;
    expect(echoed.message).not.toContain(apiKey);
    expect(echoed.responseBody).not.toContain(apiKey);
    expect(echoed.message).toContain('[REDACTED]');
    expect(JSON.stringify(echoed)).not.toContain(apiKey);
  });

  it('raises a missing key as an auth CinemaError naming OPENAI_API_KEY on first use, before any request', async () => {
    const saved = process.env['OPENAI_API_KEY'];
    delete process.env['OPENAI_API_KEY'];
    try {
      const keyless = createOpenAI({ baseURL: emulator.url });
      const model = keyless.textModel('gpt-5'); // making a model needs no key
      expect(() => keyless.validate()).toThrow(/OPENAI_API_KEY/);
      expect(() => checkOpenAIKey()).toThrow(/OPENAI_API_KEY/);
      const error = await rejection(model.doGenerate({ ...call, prompt: 'x', jsonSchema: { type: 'object' }, schemaName: 'x' }));
      expect(CinemaError.isInstance(error)).toBe(true);
      expect((error as CinemaError).category).toBe('auth');
      expect((error as Error).message).toContain('OPENAI_API_KEY');
      expect(emulator.requests).toHaveLength(0);

      process.env['OPENAI_API_KEY'] = apiKey;
      expect(() => keyless.validate()).not.toThrow();
      await model.doGenerate({ ...call, prompt: 'x', jsonSchema: { type: 'object' }, schemaName: 'x' });
      expect(emulator.requests).toHaveLength(1);
    } finally {
      if (saved == null) delete process.env['OPENAI_API_KEY'];
      else process.env['OPENAI_API_KEY'] = saved;
    }
  });

  it('maps a refused connection to a retryable network ApiCallError', async () => {
    const closed = await createOpenAIEmulator({ apiKey });
    const url = closed.url;
    await closed.close();
    const error = (await rejection(createOpenAI({ apiKey, baseURL: url }).textModel('gpt-5').doGenerate({ ...call, prompt: 'x', jsonSchema: { type: 'object' }, schemaName: 'x' }))) as ApiCallError;
    expect(error).toBeInstanceOf(ApiCallError);
    expect(error.category).toBe('network');
    expect(error.isRetryable).toBe(true);
    expect(error.statusCode).toBeUndefined();
  });

  it('maps an aborted call to category cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await rejection(provider().textModel('gpt-5').doGenerate({ ...call, prompt: 'x', jsonSchema: { type: 'object' }, schemaName: 'x', abortSignal: controller.signal }));
    expect((error as CinemaError).category).toBe('cancelled');
  });

  it('sends provider headers, per-call headers and the organization', async () => {
    const custom = createOpenAI({ apiKey, baseURL: emulator.url, headers: { 'x-cinema-run': 'run-7' }, organization: 'org-cinema' });
    await custom.textModel('gpt-5').doGenerate({ ...call, prompt: 'x', jsonSchema: { type: 'object' }, schemaName: 'x', headers: { 'x-cinema-job': 'job-9' } });
    const headers = emulator.requests[0]!.headers;
    expect(headers['x-cinema-run']).toBe('run-7');
    expect(headers['x-cinema-job']).toBe('job-9');
    expect(headers['openai-organization']).toBe('org-cinema');
    expect(headers['authorization']).toBeUndefined();
    expect(emulator.requests[0]!.authorized).toBe(true);
  });

  it('uses a custom fetch', async () => {
    let calls = 0;
    const counting: typeof fetch = (input, init) => {
      calls += 1;
      return fetch(input, init);
    };
    await createOpenAI({ apiKey, baseURL: emulator.url, fetch: counting }).textModel('gpt-5').doGenerate({ ...call, prompt: 'x', jsonSchema: { type: 'object' }, schemaName: 'x' });
    expect(calls).toBe(1);
  });
});

describe('catalogue', () => {
  it('warns about an unknown model id but still calls it, with cost 0', async () => {
    const openai = provider();
    const model = openai.textModel('my-local-llama');
    expect(model.warnings).toHaveLength(1);
    expect(model.warnings[0]!.message).toContain('my-local-llama');
    expect(openai.warnings).toEqual(model.warnings);
    const result = await model.doGenerate({ ...call, prompt: script, jsonSchema: screenplayJsonSchema, schemaName: 'screenplay' });
    expect((emulator.requests[0]!.body as { model: string }).model).toBe('my-local-llama');
    expect(result.warnings).toEqual(model.warnings);
    expect(result.costUsd).toBe(0);
    expect(model.estimateCost({ prompt: script })).toBe(0);
  });

  it('rejects a retired model with the replacement, before any request', () => {
    const openai = provider();
    expect(() => openai.imageModel('gpt-image-1')).toThrow(ConfigError);
    expect(() => openai.imageModel('gpt-image-1')).toThrow(/retired on 2026-10-23.*imageModel\('gpt-image-2\.5-sunburst'\)/);
    expect(() => openai.imageModel('dall-e-3')).toThrow(/retired on 2026-05-12/);
    expect(emulator.requests).toHaveLength(0);
  });

  it('explains that Sora is gone and that there is no videoModel', () => {
    const openai = provider();
    expect(() => openai.textModel('sora-2')).toThrow(/retired on 2026-09-24.*no replacement/);
    expect((openai as { videoModel?: unknown }).videoModel).toBeUndefined();
  });

  it('names the right method for a model of another kind', () => {
    expect(() => provider().textModel('gpt-image-2')).toThrow(/openai\.imageModel\('gpt-image-2'\)/);
    expect(() => provider().speechModel('gpt-5')).toThrow(/openai\.textModel\('gpt-5'\)/);
  });

  it('warns about a deprecated model', () => {
    const model = provider().imageModel('gpt-image-1-mini');
    expect(model.warnings).toEqual([expect.objectContaining({ message: expect.stringContaining('deprecated') })]);
    expect(model.capabilities.maxReferenceImages).toBe(16);
  });
});

describe('imageModel', () => {
  function pngSize(bytes: Uint8Array): { width: number; height: number } {
    const buffer = Buffer.from(bytes);
    expect(buffer.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    return { width: buffer.readUInt32BE(16), height: buffer.readUInt32BE(20) };
  }

  it('generates without references through images.generate and returns PNG bytes at a 16:9 size', async () => {
    const model = provider().imageModel('gpt-image-2');
    const result = await model.doGenerate({ ...call, prompt: 'A lighthouse at night', referenceImages: [], aspectRatio: '16:9' });
    expect(emulator.requests.map((request) => request.path)).toEqual(['/v1/images/generations']);
    const body = emulator.requests[0]!.body as Record<string, unknown>;
    expect(body).toMatchObject({ model: 'gpt-image-2', prompt: 'A lighthouse at night', size: '1536x864', quality: 'medium', output_format: 'png', n: 1 });
    expect(result.images).toHaveLength(1);
    const image = result.images[0]!;
    expect(image.mediaType).toBe('image/png');
    expect('data' in image && pngSize(image.data)).toEqual({ width: 1536, height: 864 });
    // usage: text tokens × $5 + output tokens × $30 per million
    const textTokens = Math.ceil('A lighthouse at night'.length / 4);
    const outputTokens = Math.ceil(1056 * ((1536 * 864) / (1024 * 1024)));
    expect(result.costUsd).toBeCloseTo((textTokens * 5 + outputTokens * 30) / 1_000_000, 12);
    expect(model.estimateCost({ prompt: 'A lighthouse at night', aspectRatio: '16:9', referenceImages: [] })).toBeCloseTo(result.costUsd, 12);
  });

  it('edits with 3 reference images, sending 3 image[] files', async () => {
    const references = [reference(1, 3000), reference(2, 4000), reference(3, 5000)];
    const result = await provider().imageModel('gpt-image-2').doGenerate({ ...call, prompt: 'Mara and Tom on the cliff', referenceImages: references, aspectRatio: '16:9' });
    expect(emulator.requests).toHaveLength(1);
    const request = emulator.requests[0]!;
    expect(request.path).toBe('/v1/images/edits');
    expect(request.headers['content-type']).toMatch(/^multipart\/form-data/);
    expect(request.fileCounts).toEqual({ 'image[]': 3 });
    expect(request.files.map((file) => [file.name, file.size, file.type])).toEqual([
      ['char_1-front.png', 3000, 'image/png'],
      ['char_2-front.png', 4000, 'image/png'],
      ['char_3-front.png', 5000, 'image/png'],
    ]);
    expect(request.body).toMatchObject({ model: 'gpt-image-2', prompt: 'Mara and Tom on the cliff', size: '1536x864' });
    expect(result.images[0]!.mediaType).toBe('image/png');
    expect(result.costUsd).toBeGreaterThan(0);
  });

  it('sends a single reference as the image field', async () => {
    await provider().imageModel('gpt-image-2').doGenerate({ ...call, prompt: 'Mara', referenceImages: [reference(1, 100)], aspectRatio: '1:1' });
    expect(emulator.requests[0]!.fileCounts).toEqual({ image: 1 });
    expect((emulator.requests[0]!.body as { size: string }).size).toBe('1152x1152');
  });

  it('sends at most 16 references and warns about the rest', async () => {
    const references = Array.from({ length: 18 }, (_, index) => reference(index + 1, 10));
    const result = await provider().imageModel('gpt-image-2').doGenerate({ ...call, prompt: 'crowd', referenceImages: references, aspectRatio: '16:9' });
    expect(emulator.requests[0]!.fileCounts).toEqual({ 'image[]': 16 });
    expect(result.warnings).toEqual([expect.objectContaining({ setting: 'referenceImages' })]);
  });

  it('picks the nearest fixed size for older models and warns about the aspect ratio', async () => {
    const result = await provider().imageModel('gpt-image-1-mini', { quality: 'low' }).doGenerate({ ...call, prompt: 'x', referenceImages: [], aspectRatio: '16:9', seed: 4, negativePrompt: 'text' });
    const body = emulator.requests[0]!.body as Record<string, unknown>;
    expect(body['size']).toBe('1536x1024');
    expect(body['quality']).toBe('low');
    expect(body['prompt']).toBe('x\n\nAvoid: text');
    const settings = result.warnings!.map((warning) => warning.setting);
    expect(settings).toEqual(['modelId', 'aspectRatio', 'negativePrompt', 'seed']);
  });
});

describe('speechModel', () => {
  it('returns MP3 bytes with their duration and cost', async () => {
    const text = 'Someone has to keep the light burning tonight.';
    const result = await provider().speechModel('tts-1').doGenerate({ ...call, text, voice: 'onyx' });
    expect(result.audio.mediaType).toBe('audio/mpeg');
    expect('data' in result.audio).toBe(true);
    const data = (result.audio as { data: Uint8Array }).data;
    expect(data.length).toBeGreaterThan(1000);
    expect(result.durationSeconds).toBeCloseTo(text.length / 15, 1);
    expect(result.costUsd).toBeCloseTo((text.length * 15) / 1_000_000, 12);
    expect(emulator.requests[0]!.body).toEqual({ model: 'tts-1', input: text, voice: 'onyx', response_format: 'mp3' });
    expect(emulator.requests[0]!.headers['accept']).toBe('application/octet-stream');
    expect(result.warnings).toBeUndefined();
  });

  it('produces audio ffprobe reads with the reported duration', async () => {
    const result = await provider().speechModel('gpt-4o-mini-tts').doGenerate({ ...call, text: 'We made it through the storm, all of us.', voice: 'marin' });
    const directory = mkdtempSync(join(tmpdir(), 'cinema-openai-'));
    try {
      const file = join(directory, 'line.mp3');
      writeFileSync(file, (result.audio as { data: Uint8Array }).data);
      const probe = JSON.parse(execFileSync((await findFfmpeg()).ffprobePath, ['-v', 'error', '-show_entries', 'format=duration:stream=codec_name', '-of', 'json', file], { encoding: 'utf8' }));
      expect(probe.streams[0].codec_name).toBe('mp3');
      expect(Number(probe.format.duration)).toBeCloseTo(result.durationSeconds!, 1);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('maps an unknown voice to the nearest one with a warning, and passes descriptions as instructions', async () => {
    const result = await provider().speechModel('gpt-4o-mini-tts').doGenerate({ ...call, text: 'Not tonight.', voice: 'deep gravelly old man', instructions: 'Say it firmly.' });
    const body = emulator.requests[0]!.body as Record<string, unknown>;
    expect(body['voice']).toBe('onyx');
    expect(body['instructions']).toBe('Voice: deep gravelly old man. Say it firmly.');
    expect(result.warnings).toEqual([expect.objectContaining({ setting: 'voice', message: expect.stringContaining('"onyx"') })]);

    const unknown = await provider().speechModel('tts-1-hd').doGenerate({ ...call, text: 'Hello.', voice: 'Zyx' });
    expect((emulator.requests[1]!.body as Record<string, unknown>)['voice']).toBe('alloy');
    expect(unknown.warnings![0]!.message).toContain('no voice "Zyx"');
  });

  it('does not send instructions to tts-1 models, and warns', async () => {
    const result = await provider().speechModel('tts-1').doGenerate({ ...call, text: 'Hello.', instructions: 'whisper' });
    const body = emulator.requests[0]!.body as Record<string, unknown>;
    expect(body['instructions']).toBeUndefined();
    expect(body['voice']).toBe('alloy');
    expect(result.warnings).toEqual([expect.objectContaining({ setting: 'instructions' })]);
  });

  it('rejects audio that is not MP3, quoting its start', async () => {
    emulator.enqueue({ status: 200, body: '<html>captive portal</html>', headers: { 'content-type': 'text/html' } });
    const error = await rejection(provider().speechModel('tts-1').doGenerate({ ...call, text: 'Hello.' }));
    expect((error as CinemaError).category).toBe('invalid_response');
    expect((error as Error).message).toContain('captive portal');
  });
});

describe('emulator', () => {
  it('answers a wrong path with 404 and a missing key with 401, logging both without the key', async () => {
    const missing = await fetch(`${emulator.url}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model":"gpt-5","messages":[{"role":"user","content":"x"}]}' });
    expect(missing.status).toBe(401);
    const wrongPath = await fetch(`${emulator.url}/videos`, { method: 'POST', headers: { authorization: `Bearer ${apiKey}` } });
    expect(wrongPath.status).toBe(404);
    expect(emulator.requests.map((request) => [request.path, request.status, request.authorized])).toEqual([
      ['/v1/chat/completions', 401, false],
      ['/v1/videos', 404, true],
    ]);
  });

  it('serves wav when asked', async () => {
    const response = await fetch(`${emulator.url}/audio/speech`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'tts-1', input: 'Hello there, friend.', voice: 'alloy', response_format: 'wav' }),
    });
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(response.headers.get('content-type')).toBe('audio/wav');
    expect(bytes.subarray(0, 4).toString('ascii')).toBe('RIFF');
    expect(bytes.subarray(8, 12).toString('ascii')).toBe('WAVE');
  });

  it('makes PNGs that decode', () => {
    const png = solidPng(32, 16);
    expect(png.readUInt32BE(16)).toBe(32);
    expect(png.readUInt32BE(20)).toBe(16);
  });
});
