import { describe, expect, it } from 'vitest';
import { espeakVoices, parseVoice, presetForUnknownVoice, voiceForCharacter } from './espeak-voice.js';

describe('eSpeak voices', () => {
  it('parses voice strings and refuses what eSpeak would not understand', () => {
    expect(parseVoice('en-us+f3 pitch=62 speed=165')).toEqual({ language: 'en-us', variant: 'f3', pitch: 62, speed: 165 });
    expect(parseVoice('en')).toEqual({ language: 'en', variant: 'm1', pitch: 50, speed: 165 });
    expect(parseVoice('en-us+m2 pitch=300 speed=20')).toEqual({ language: 'en-us', variant: 'm2', pitch: 99, speed: 80 });
    expect(parseVoice('alloy')).toBeUndefined();
    expect(parseVoice('en-us+f3 loud')).toBeUndefined();
  });

  it('casts eight different presets, then shifted pitches', () => {
    const eight = Array.from({ length: 8 }, (_, index) => voiceForCharacter(index));
    expect(eight).toEqual([...espeakVoices]);
    expect(voiceForCharacter(8)).toBe('en-us+f3 pitch=70 speed=165');
    expect(voiceForCharacter(16)).toBe('en-us+f3 pitch=54 speed=165');
  });

  it('stands in for an unknown voice name with the same preset every time', () => {
    expect(presetForUnknownVoice('alloy')).toBe(presetForUnknownVoice('alloy'));
    expect(espeakVoices).toContain(presetForUnknownVoice('alloy'));
    const names = ['alloy', 'echo', 'fable', 'onyx', 'nova', 'shimmer'];
    expect(new Set(names.map(presetForUnknownVoice)).size).toBeGreaterThan(1);
  });
});
