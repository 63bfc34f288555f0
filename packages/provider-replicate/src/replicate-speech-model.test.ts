import type { SpeechModelV1CallOptions } from '@cinema/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emulatedProvider } from './test-helpers.js';
import { createReplicateEmulator } from './testing/replicate-emulator.js';
import type { ReplicateEmulator } from './testing/replicate-emulator.js';

let emulator: ReplicateEmulator;
beforeEach(async () => {
  emulator = await createReplicateEmulator();
});
afterEach(async () => {
  await emulator.close();
});

const line: SpeechModelV1CallOptions = { text: 'Keep the lamp lit, whatever happens.', idempotencyKey: 'job-3' };

describe('MiniMax Speech-02-HD', () => {
  it('sends text and voice_id (default Wise_Woman), returns the audio and bills per character', async () => {
    const { provider } = emulatedProvider(emulator);
    const model = provider.speechModel('minimax/speech-02-hd');
    const result = await model.doGenerate(line);

    expect(emulator.predictions[0]!.input).toEqual({ text: line.text, voice_id: 'Wise_Woman' });
    expect(result.costUsd).toBeCloseTo((line.text.length / 1000) * 0.1, 9);
    expect(model.estimateCost({ text: line.text })).toBeCloseTo(result.costUsd, 9);
    const audio = result.audio as { mediaType: string; url: string };
    expect(audio.mediaType).toBe('audio/wav');
    const bytes = Buffer.from(await (await fetch(audio.url)).arrayBuffer());
    expect(bytes.subarray(0, 4).toString('ascii')).toBe('RIFF');
    expect(bytes.subarray(8, 12).toString('ascii')).toBe('WAVE');
  });

  it('sends an emotion named in the instructions, and warns about free-form ones', async () => {
    const { provider } = emulatedProvider(emulator);
    const model = provider.speechModel('minimax/speech-02-hd');
    const angry = await model.doGenerate({ ...line, voice: 'Deep_Voice_Man', instructions: 'Angry, through his teeth' });
    expect(emulator.predictions[0]!.input).toEqual({ text: line.text, voice_id: 'Deep_Voice_Man', emotion: 'angry' });
    expect(angry.warnings).toBeUndefined();

    const whisper = await model.doGenerate({ ...line, instructions: 'whispering' });
    expect(emulator.predictions[1]!.input).not.toHaveProperty('emotion');
    expect(whisper.warnings).toEqual([expect.objectContaining({ type: 'unsupported-setting', setting: 'instructions' })]);
  });

  it('exposes doStart and doStatus for the orchestrator', async () => {
    const { provider } = emulatedProvider(emulator);
    const model = provider.speechModel('minimax/speech-02-hd');
    const started = await model.doStart(line);
    expect((await model.doStatus({ operation: started.operation })).status).toBe('pending');
    expect((await model.doStatus({ operation: started.operation })).status).toBe('completed');
  });
});
