import { ConfigError } from '@cinema/core';
import { espeak } from '@cinema/speech-espeak';
import { describe, expect, it } from 'vitest';
import { animatic } from './animatic-provider.js';
import { AnimaticSpeechModel } from './animatic-speech-model.js';
import { voiceForCharacter } from './voices.js';

const call = { text: 'Twenty more steps. Then the lamp.', voice: voiceForCharacter(1), instructions: 'whispering', idempotencyKey: 'key' };
const bytes = (result: { audio: unknown }) => Buffer.from((result.audio as { data: Uint8Array }).data);

describe('AnimaticSpeechModel', () => {
  it('speaks with @cinema/speech-espeak when it is installed: the same WAV, free, as the animatic', async () => {
    const model = animatic.speechModel();
    await expect(model.validate()).resolves.toBeUndefined();
    const result = await model.doGenerate(call);
    expect(model).toMatchObject({ provider: 'animatic', modelId: 'espeak-ng' });
    expect(result).toMatchObject({ costUsd: 0, audio: { mediaType: 'audio/wav' } });
    expect(result.durationSeconds).toBeGreaterThan(1);
    expect(bytes(result).equals(bytes(await espeak.speechModel().doGenerate(call)))).toBe(true);
  });

  it('passes on the warning for a voice eSpeak does not know', async () => {
    const result = await animatic.speechModel().doGenerate({ ...call, voice: 'alloy' });
    expect(result.warnings?.[0]).toMatchObject({ type: 'unsupported-setting', setting: 'voice' });
  });

  it('without @cinema/speech-espeak, refuses before any job with a ConfigError that says what to install or configure', async () => {
    const model = new AnimaticSpeechModel('espeak-ng', (specifier) => import(/* @vite-ignore */ `${specifier}-not-installed`));
    expect(model.voices).toContain(voiceForCharacter(0));
    expect(model.estimateCost()).toBe(0);
    for (const attempt of [model.validate(), model.doGenerate(call)]) {
      const error = await attempt.catch((thrown: unknown) => thrown);
      expect(ConfigError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ category: 'config', path: 'models.speech' });
      expect((error as Error).message).toMatch(/npm install @cinema\/speech-espeak.*or set models\.speech to another speech model/);
    }
  });
});
