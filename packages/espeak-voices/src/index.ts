export { clampPitch, clampSpeed, espeakVoices, formatVoice, parseVoice, presetForUnknownVoice, voiceForCharacter, type EspeakVoice } from './espeak-voice.js';
