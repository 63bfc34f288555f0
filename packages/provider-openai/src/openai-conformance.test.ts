import { runProviderConformance } from '@cinema/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { createOpenAI } from './openai-provider.js';
import { createOpenAIEmulator } from './testing/index.js';

// The provider contract through OpenAI's wire protocol: the official openai client inside
// createOpenAI talks to the local emulator as it would to api.openai.com.
const apiKey = 'sk-conformance-0123456789abcdef';
const emulator = await createOpenAIEmulator({ apiKey });
afterAll(() => emulator.close());

runProviderConformance('openai', {
  provider: createOpenAI({ apiKey, baseURL: emulator.url }),
  textModelId: 'gpt-5',
  imageModelId: 'gpt-image-2',
  speechModelId: 'gpt-4o-mini-tts',
});

describe('openai conformance: through the emulator', () => {
  it('called chat, image generation and edits, and speech, each authorised, never logging the key', () => {
    const paths = new Set(emulator.requests.map((request) => request.path));
    expect([...paths].sort()).toEqual(['/v1/audio/speech', '/v1/chat/completions', '/v1/images/edits', '/v1/images/generations']);
    expect(emulator.requests.every((request) => request.authorized)).toBe(true);
    expect(JSON.stringify(emulator.requests)).not.toContain(apiKey);
  });
});
