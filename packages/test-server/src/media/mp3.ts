/**
 * A real MP3 of silence: MPEG-2 Layer III, 24 kHz mono, 32 kbit/s (the format OpenAI's speech
 * answers in), 576 samples a frame, so `seconds` is honoured to within 24 ms. Default: 1 s.
 */
export function createMp3(seconds = 1): Uint8Array {
  const frames = Math.max(1, Math.round((seconds * 24000) / 576));
  const frame = Buffer.alloc(96); // 72 × 32000 / 24000 bytes
  frame.set([0xff, 0xf3, 0x44, 0xc4]);
  return new Uint8Array(Buffer.concat(Array.from({ length: frames }, () => frame)));
}
