import { InvalidInputError, type ModelWarning, type SpeechModelV1, type SpeechModelV1CallOptions, type SpeechModelV1Result } from '@cinema/core';
import { clampPitch, clampSpeed, espeakVoices, parseVoice, presetForUnknownVoice, type EspeakVoice } from '@cinema/espeak-voices';
import { speakToWav } from './speak-to-wav.js';
import { wavDurationSeconds } from './wav-duration.js';

/** Speech model ids of eSpeak. There is one; any other id gets the same one. */
export type EspeakSpeechModelId = 'espeak-ng' | (string & {});

export interface EspeakSpeechModelSettings {
  /** Voice for a line whose character has none. Default: the first preset, `en-us+f3 pitch=62 speed=165`. */
  defaultVoice?: string;
}

/**
 * Speaks lines offline with eSpeak NG (WebAssembly, shipped in the `espeak-ng` npm package) into
 * 22,050 Hz mono WAV, the same bytes for the same line. Voices look like `en-us+f3 pitch=62 speed=165`
 * (see `espeakVoices`); a voice it does not know (a hosted model's voice name) maps to a preset by
 * its hash, with a warning. The parenthetical changes delivery: whispering, shouting, slowly,
 * quickly, softly.
 */
export class EspeakSpeechModel implements SpeechModelV1 {
  readonly specificationVersion = 'v1' as const;
  readonly provider = 'espeak';
  readonly modelId: string;
  readonly voices: readonly string[] = espeakVoices;
  private readonly defaultVoice: string;

  constructor(modelId: EspeakSpeechModelId = 'espeak-ng', settings: EspeakSpeechModelSettings = {}) {
    this.modelId = modelId;
    this.defaultVoice = settings.defaultVoice ?? espeakVoices[0];
  }

  async doGenerate(options: SpeechModelV1CallOptions): Promise<SpeechModelV1Result> {
    options.abortSignal?.throwIfAborted();
    const text = options.text.replace(/\s+/g, ' ').trim();
    if (!/[\p{L}\p{N}]/u.test(text)) {
      throw new InvalidInputError({ message: `eSpeak NG cannot speak the line "${options.text}": it has no words. Give the dialogue line some text.` });
    }
    const warnings: ModelWarning[] = [];
    const wanted = options.voice || this.defaultVoice;
    let voice = parseVoice(wanted);
    if (!voice) {
      const preset = presetForUnknownVoice(wanted);
      warnings.push({ type: 'unsupported-setting', setting: 'voice', message: `eSpeak NG does not know the voice "${wanted}"; used "${preset}" instead.` });
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
export function applyInstructions(voice: EspeakVoice, instructions: string | undefined): EspeakVoice & { amplitude: number } {
  const text = (instructions ?? '').toLowerCase();
  const result = { ...voice, amplitude: 100 };
  if (/\bwhisper/.test(text)) {
    result.variant = voice.variant.startsWith('f') ? 'whisperf' : 'whisper';
    result.amplitude = 120;
  }
  if (/\b(shout|yell|scream|cry|cries|crying|angr|furious)/.test(text)) {
    result.amplitude = 170;
    result.pitch = clampPitch(voice.pitch + 12);
    result.speed = clampSpeed(voice.speed + 10);
  }
  if (/\b(softly|quietly|gently|tender|sad)/.test(text)) result.amplitude = 70;
  if (/\b(slowly|hesitant|tired|weary|drowsy)/.test(text)) result.speed = clampSpeed(voice.speed - 30);
  if (/\b(quickly|fast|hurried|breathless|excited|panicked|urgent)/.test(text)) result.speed = clampSpeed(voice.speed + 30);
  return result;
}
