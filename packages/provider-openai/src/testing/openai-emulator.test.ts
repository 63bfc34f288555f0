import { replies } from '@cinema/test-server';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createOpenAIEmulator, type OpenAIEmulator } from './openai-emulator.js';

const apiKey = 'sk-emulator-test-0123456789';
let emulator: OpenAIEmulator;
beforeAll(async () => {
  emulator = await createOpenAIEmulator({ apiKey });
});
afterAll(() => emulator.close());
afterEach(() => emulator.reset());

/** The official SDK pointed at the emulator, with no retries so each scripted reply is seen once. */
const sdk = () => new OpenAI({ apiKey, baseURL: emulator.url, maxRetries: 0 });
const speech = { model: 'tts-1', input: 'Keep the light burning.', voice: 'alloy' } as const;

describe('openai emulator', () => {
  it('plays test-server replies for one path only: a dropped connection, then a truncated download', async () => {
    emulator.enqueue({ ...replies.drop(), path: '/v1/audio/speech' }, { ...replies.truncated(50), path: '/v1/audio/speech' });
    // Queued for speech, so a chat call in between is answered normally.
    const chat = await sdk().chat.completions.create({ model: 'gpt-5', messages: [{ role: 'user', content: 'hi' }] });
    expect(chat.choices[0]!.message.content).toBe('You said: hi');
    await expect(sdk().audio.speech.create(speech)).rejects.toBeInstanceOf(OpenAI.APIConnectionError);
    const truncated = await sdk().audio.speech.create(speech);
    expect(Number(truncated.headers.get('content-length'))).toBeGreaterThan(50);
    await expect(truncated.arrayBuffer()).rejects.toThrow();
    const whole = new Uint8Array(await (await sdk().audio.speech.create(speech)).arrayBuffer());
    expect([whole[0], whole[1]]).toEqual([0xff, 0xf3]);
    expect(emulator.requests.map((request) => [request.path, request.status])).toEqual([
      ['/v1/chat/completions', 200],
      ['/v1/audio/speech', 0],
      ['/v1/audio/speech', 200],
      ['/v1/audio/speech', 200],
    ]);
  });

  it('answers a 2xx script without a body with the normal answer and the scripted headers', async () => {
    emulator.enqueue({ status: 200, headers: { 'x-ratelimit-remaining-requests': '0' } });
    const { data, response } = await sdk().images.generate({ model: 'gpt-image-1', prompt: 'a lighthouse', size: '1024x1024' }).withResponse();
    expect(response.headers.get('x-ratelimit-remaining-requests')).toBe('0');
    expect(response.headers.get('x-request-id')).toBe('req_emulator_1');
    expect(Buffer.from(data.data![0]!.b64_json!, 'base64').subarray(1, 4).toString('ascii')).toBe('PNG');
  });
});
