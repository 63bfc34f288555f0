import { tinyClipMp4Base64 } from './__fixtures__/tiny-clip-mp4.js';

/** A real 1 s, 64×36, 8 fps H.264 + AAC MP4 of 3.8 kB (see `__fixtures__/tiny-clip-mp4.ts`). */
export function tinyMp4(): Uint8Array {
  return new Uint8Array(Buffer.from(tinyClipMp4Base64, 'base64'));
}
