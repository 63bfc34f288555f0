import { describe, expect, it } from 'vitest';
import { parseVoice, voiceForCharacter } from '@cinema/espeak-voices';
import { createEspeak, espeak } from './espeak-provider.js';
import { applyInstructions } from './espeak-speech-model.js';

const voice = espeak.speechModel();
const say = (text: string, options: { voice?: string; instructions?: string } = {}) => voice.doGenerate({ text, idempotencyKey: 'key', ...options });

function samples(wav: Uint8Array): Int16Array {
  const dataAt = Buffer.from(wav).indexOf('data');
  return new Int16Array(wav.buffer.slice(wav.byteOffset + dataAt + 8, wav.byteOffset + wav.byteLength - ((wav.byteLength - dataAt - 8) % 2)));
}

describe('EspeakSpeechModel', () => {
  it('speaks a line into a non-silent WAV of plausible length, the same bytes every time', async () => {
    const line = 'Twenty more steps. Then the lamp.';
    const result = await say(line, { voice: voiceForCharacter(0) });
    expect(result.costUsd).toBe(0);
    expect(result.audio.mediaType).toBe('audio/wav');
    const wav = (result.audio as { data: Uint8Array }).data;
    expect(Buffer.from(wav.subarray(0, 4)).toString()).toBe('RIFF');
    expect(Buffer.from(wav.subarray(8, 12)).toString()).toBe('WAVE');
    expect(result.durationSeconds).toBeGreaterThan(1.2);
    expect(result.durationSeconds).toBeLessThan(5);
    const pcm = samples(wav);
    expect(pcm.length / 22050).toBeCloseTo(result.durationSeconds!, 2);
    const rms = Math.sqrt(pcm.reduce((total, sample) => total + sample * sample, 0) / pcm.length);
    expect(rms).toBeGreaterThan(300);
    const again = await say(line, { voice: voiceForCharacter(0) });
    expect(Buffer.from((again.audio as { data: Uint8Array }).data).equals(Buffer.from(wav))).toBe(true);
  });

  it('sounds different for two characters and for a whisper', async () => {
    const line = 'Now!';
    const first = (await say(line, { voice: voiceForCharacter(0) })).audio as { data: Uint8Array };
    const second = (await say(line, { voice: voiceForCharacter(1) })).audio as { data: Uint8Array };
    expect(Buffer.from(first.data).equals(Buffer.from(second.data))).toBe(false);
    expect(applyInstructions(parseVoice(voiceForCharacter(0))!, 'whispering')).toMatchObject({ variant: 'whisperf' });
    expect(applyInstructions(parseVoice(voiceForCharacter(1))!, 'shouting over the wind')).toMatchObject({ amplitude: 170, pitch: 50 });
  });

  it('maps an unknown voice to a preset with a warning, and rejects a line with no words', async () => {
    const result = await say('Hello there.', { voice: 'alloy' });
    expect(result.warnings?.[0]).toMatchObject({ type: 'unsupported-setting', setting: 'voice' });
    expect(result.durationSeconds).toBeGreaterThan(0.3);
    await expect(say(' ... ')).rejects.toMatchObject({ category: 'input', message: expect.stringMatching(/has no words/) });
  });

  it('speaks a line whose character has no voice in the default voice, which a setting changes', async () => {
    const unvoiced = (await say('Keep the light burning.')).audio as { data: Uint8Array };
    const first = (await say('Keep the light burning.', { voice: voiceForCharacter(0) })).audio as { data: Uint8Array };
    expect(Buffer.from(unvoiced.data).equals(Buffer.from(first.data))).toBe(true);
    const deep = await createEspeak({ defaultVoice: voiceForCharacter(4) }).speechModel().doGenerate({ text: 'Keep the light burning.', idempotencyKey: 'key' });
    expect(deep.warnings).toBeUndefined();
    expect(Buffer.from((deep.audio as { data: Uint8Array }).data).equals(Buffer.from(first.data))).toBe(false);
  });

  it('does not crash on text in other scripts', async () => {
    const result = await say('Привет, смотритель. 灯台');
    expect(result.durationSeconds).toBeGreaterThan(0.3);
  });
});
