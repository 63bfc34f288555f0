import { createMp3, createPng, createWav, type RgbColour } from '@cinema/test-server';

// Buffers, as this package has always returned them (callers use `.toString('base64')`); the makers live in @cinema/test-server.

/** A valid RGB PNG of the given size filled with one colour. */
export function solidPng(width: number, height: number, rgb: RgbColour = [40, 80, 120]): Buffer {
  return Buffer.from(createPng(width, height, rgb));
}

/**
 * A valid MP3 of silence: MPEG-2 Layer III, 24 kHz mono, 32 kbit/s (the sample rate OpenAI's
 * speech uses), so `seconds` is honoured to within 24 ms.
 */
export function silentMp3(seconds: number): Buffer {
  return Buffer.from(createMp3(seconds));
}

/** A valid 16-bit PCM WAV of silence at 24 kHz mono. */
export function silentWav(seconds: number): Buffer {
  return Buffer.from(createWav(seconds, 24000, 0));
}
