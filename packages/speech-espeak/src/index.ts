export { createEspeak, espeak, type EspeakProvider, type EspeakProviderSettings } from './espeak-provider.js';
export { EspeakSpeechModel, applyInstructions, type EspeakSpeechModelId, type EspeakSpeechModelSettings } from './espeak-speech-model.js';
export { espeakVoices, formatVoice, parseVoice, voiceForCharacter, type EspeakVoice } from '@cinema/espeak-voices';
