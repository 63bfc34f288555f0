import { InvalidInputError, type ModelWarning, type SpeechModelV1, type SpeechModelV1CallOptions, type SpeechModelV1Result } from '@cinema/core';
import { speakToWav, wavDurationSeconds } from './speech/espeak.js';
import { hash32 } from './util/hash.js';
import { animaticVoices, clamp, parseVoice, type AnimaticVoice } from './voices.js';

/** Speech model ids of the animatic. There is one; any other id gets the same one. */
export type AnimaticSpeechModelId = 'espeak-ng' | (string & {});

/**
 * Speaks lines offline with eSpeak NG (WebAssembly, shipped in the `espeak-ng` npm package).
 * Voices look like `en-us+f3 pitch=62 speed=165` (see `animaticVoices`); a voice it does not know
 * (a hosted model's voice name) maps to a preset by its hash, with a warning. The parenthetical
 * changes delivery: whispering, shouting, slowly, quickly, softly.
 */
export class AnimaticSpeechModel implements SpeechModelV1 {
  readonly specificationVersion = 'v1' as const;
  readonly provider = 'animatic';
  readonly modelId: string;
  readonly voices: readonly string[] = animaticVoices;

  constructor(modelId: AnimaticSpeechModelId = 'espeak-ng') {
    this.modelId = modelId;
  }

  async doGenerate(options: SpeechModelV1CallOptions): Promise<SpeechModelV1Result> {
    options.abortSignal?.throwIfAborted();
    const text = options.text.replace(/\s+/g, ' ').trim();
    if (!/[\p{L}\p{N}]/u.test(text)) {
      throw new InvalidInputError({ message: `The animatic cannot speak the line "${options.text}": it has no words. Give the dialogue line some text.` });
    }
    const warnings: ModelWarning[] = [];
    let voice = options.voice ? parseVoice(options.voice) : parseVoice(animaticVoices[0]);
    if (!voice) {
      const preset = animaticVoices[hash32(options.voice!) % animaticVoices.length]!;
      warnings.push({ type: 'unsupported-setting', setting: 'voice', message: `The animatic does not know the voice "${options.voice}"; used "${preset}" instead.` });
      voice = parseVoice(preset)!;
    }
    const delivery = applyInstructions(voice, options.instructions);
    const wav = await speakToWav(text, ['-v', `${delivery.language}+${delivery.variant}`, '-p', String(delivery.pitch), '-s', String(delivery.speed), '-a', String(delivery.amplitude)]);
    return {
      audio: { mediaType: 'audio/wav', data: wav },
      durationSeconds: Math.round(wavDurationSeconds(wav) * 1000) / 1000,
      costUsd: 0,
      ...(warnings.length > 0 ? { warnings } : {}),
    };
  }

  estimateCost(): number {
    return 0;
  }
}

/** Parentheticals that change delivery: whisper, shout, slow, fast, soft. */
export function applyInstructions(voice: AnimaticVoice, instructions: string | undefined): AnimaticVoice & { amplitude: number } {
  const text = (instructions ?? '').toLowerCase();
  const result = { ...voice, amplitude: 100 };
  if (/\bwhisper/.test(text)) {
    result.variant = voice.variant.startsWith('f') ? 'whisperf' : 'whisper';
    result.amplitude = 120;
  }
  if (/\b(shout|yell|scream|cry|cries|crying|angr|furious)/.test(text)) {
    result.amplitude = 170;
    result.pitch = clamp(voice.pitch + 12, 0, 99);
    result.speed = clamp(voice.speed + 10, 80, 450);
  }
  if (/\b(softly|quietly|gently|tender|sad)/.test(text)) result.amplitude = 70;
  if (/\b(slowly|hesitant|tired|weary|drowsy)/.test(text)) result.speed = clamp(voice.speed - 30, 80, 450);
  if (/\b(quickly|fast|hurried|breathless|excited|panicked|urgent)/.test(text)) result.speed = clamp(voice.speed + 30, 80, 450);
  return result;
}
