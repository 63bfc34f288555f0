import { ApiCallError, InvalidResponseError, screenplaySchema } from '@cinema/core';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createOpenAI } from './openai-provider.js';
import { createOpenAIEmulator, screenplayFromPrompt, type ChatRequestInfo } from './testing/index.js';

// Local OpenAI-compatible servers (Ollama, LM Studio, vLLM) through the emulator answering as
// Ollama's /v1 endpoint does: no key checked, and an HTTP 500 "invalid JSON schema in format" for
// a json_schema its grammar converter cannot take.
const screenplayJsonSchema = z.toJSONSchema(screenplaySchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
const script = 'INT. LIGHTHOUSE - NIGHT\nMARA climbs the stairs.\nMARA\nKeep the light burning.';
const call = { idempotencyKey: 'job-1', system: 'You write screenplays.', prompt: script, jsonSchema: screenplayJsonSchema, schemaName: 'screenplay' };

const seen: ChatRequestInfo[] = [];
let answer: (request: ChatRequestInfo) => unknown = (request) => screenplayFromPrompt(request.prompt);
const ollama = await createOpenAIEmulator({
  server: 'ollama',
  chatResponder: (request) => {
    seen.push(request);
    return { object: answer(request) };
  },
});
const honouring = await createOpenAIEmulator({ server: 'ollama', ollamaJsonSchema: 'honoured' });
afterEach(() => {
  ollama.reset();
  honouring.reset();
  seen.length = 0;
  answer = (request) => screenplayFromPrompt(request.prompt);
});
afterAll(async () => {
  await ollama.close();
  await honouring.close();
});

// What the README documents for Ollama: its /v1 endpoint and a placeholder key.
const local = (url: string, settings = {}) => createOpenAI({ baseURL: url, apiKey: 'ollama' }).textModel('llama3.1:8b', settings);

describe('a local writer on Ollama', () => {
  it('falls back to JSON mode when the server refuses json_schema, checks the answer against the schema, and stays in JSON mode', async () => {
    const model = local(ollama.url);
    const result = await model.doGenerate(call);
    expect(screenplaySchema.parse(result.object).scenes.map((scene) => scene.location)).toEqual(['LIGHTHOUSE']);
    expect(result.costUsd).toBe(0);
    expect(result.warnings).toContainEqual(
      expect.objectContaining({ setting: 'structuredOutput', message: expect.stringMatching(/refused json_schema structured output \(HTTP 500: .*invalid JSON schema in format/) }),
    );

    const chats = ollama.requests.filter((request) => request.path === '/v1/chat/completions');
    expect(chats.map((request) => [(request.body as { response_format: { type: string } }).response_format.type, request.status])).toEqual([
      ['json_schema', 500],
      ['json_object', 200],
    ]);
    // In JSON mode the server only promises JSON: the schema travels in the system message.
    expect(seen).toHaveLength(1);
    expect(seen[0]!.responseFormat).toBe('json_object');
    expect(seen[0]!.system).toContain('You write screenplays.');
    expect(seen[0]!.system).toContain(JSON.stringify(screenplayJsonSchema));

    ollama.reset();
    const again = await model.doGenerate(call);
    expect(screenplaySchema.safeParse(again.object).success).toBe(true);
    expect(ollama.requests.map((request) => (request.body as { response_format: { type: string } }).response_format.type)).toEqual(['json_object']);
  });

  it('fails the attempt, retryably and naming the field, when a JSON-mode answer breaks the schema', async () => {
    answer = () => ({ version: 1, title: 'The Lighthouse', characters: [], scenes: 'none' });
    const error = await local(ollama.url).doGenerate(call).catch((thrown: unknown) => thrown);
    expect(InvalidResponseError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ isRetryable: true, field: 'scenes' });
    expect((error as Error).message).toMatch(/answered in JSON mode, which does not enforce the schema, with JSON that breaks it at scenes: /);
  });

  it('sends the schema once and no warning when the server takes json_schema (Ollama 0.5 and later)', async () => {
    const result = await local(honouring.url).doGenerate(call);
    expect(screenplaySchema.safeParse(result.object).success).toBe(true);
    expect(result.warnings ?? []).not.toContainEqual(expect.objectContaining({ setting: 'structuredOutput' }));
    expect(honouring.requests.map((request) => (request.body as { response_format: { type: string } }).response_format.type)).toEqual(['json_schema']);
  });

  it('goes straight to JSON mode when the settings say so, for servers that take no schema at all', async () => {
    const result = await local(ollama.url, { structuredOutput: 'json_object' }).doGenerate(call);
    expect(screenplaySchema.safeParse(result.object).success).toBe(true);
    expect(ollama.requests).toHaveLength(1);
    expect(result.warnings ?? []).not.toContainEqual(expect.objectContaining({ setting: 'structuredOutput' }));
  });

  it('does not fall back for a failure that is not about the schema: a model that is not pulled', async () => {
    ollama.enqueue({ status: 404, body: { error: { message: 'model "llama3.1:8b" not found, try pulling it first', type: 'not_found_error', param: null, code: null } } });
    const error = await local(ollama.url).doGenerate(call).catch((thrown: unknown) => thrown);
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('model "llama3.1:8b" not found, try pulling it first');
    expect(ollama.requests).toHaveLength(1);
  });
});
