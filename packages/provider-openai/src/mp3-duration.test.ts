import { describe, expect, it } from 'vitest';
import { looksLikeMp3, mp3DurationSeconds, readMp3FrameHeader } from './mp3-duration.js';
import { silentMp3 } from './testing/media-fixtures.js';

describe('mp3DurationSeconds', () => {
  it('sums the frames of an MP3', () => {
    expect(mp3DurationSeconds(silentMp3(3))).toBeCloseTo(3, 2);
    expect(mp3DurationSeconds(silentMp3(0.5))).toBeCloseTo(0.504, 3);
  });

  it('skips an ID3v2 tag and a Xing/Info frame', () => {
    const tagBody = Buffer.alloc(100, 0x41);
    const tag = Buffer.concat([Buffer.from('ID3'), Buffer.from([4, 0, 0, 0, 0, 0, 100]), tagBody]);
    const info = Buffer.alloc(96);
    info.set([0xff, 0xf3, 0x44, 0xc4]);
    info.write('Info', 13, 'latin1');
    const bytes = Buffer.concat([tag, info, silentMp3(1)]);
    expect(looksLikeMp3(bytes)).toBe(true);
    expect(mp3DurationSeconds(bytes)).toBeCloseTo(mp3DurationSeconds(silentMp3(1))!, 6);
  });

  it('decodes MPEG-1 Layer III headers', () => {
    // 128 kbit/s, 44.1 kHz, no padding: 417 bytes, 1152 samples.
    expect(readMp3FrameHeader(new Uint8Array([0xff, 0xfb, 0x90, 0x64]), 0)).toEqual({ length: 417, samples: 1152, sampleRate: 44100 });
  });

  it('finds nothing in bytes that are not MP3', () => {
    const html = Buffer.from('<html><body>error</body></html>');
    expect(looksLikeMp3(html)).toBe(false);
    expect(mp3DurationSeconds(html)).toBeUndefined();
  });
});
