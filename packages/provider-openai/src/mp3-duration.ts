const bitrates = {
  v1l1: [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
  v1l2: [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
  v1l3: [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  v2l1: [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
  v2l23: [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
};
const sampleRates: Record<number, number[]> = { 3: [44100, 48000, 32000], 2: [22050, 24000, 16000], 0: [11025, 12000, 8000] };

/** One MPEG audio frame header, decoded. */
export interface Mp3FrameHeader {
  /** Bytes in the frame, header included. */
  length: number;
  samples: number;
  sampleRate: number;
}

/** Decodes the MPEG audio frame header at `offset`, or undefined when there is none. */
export function readMp3FrameHeader(bytes: Uint8Array, offset: number): Mp3FrameHeader | undefined {
  if (offset + 4 > bytes.length) return undefined;
  const b1 = bytes[offset + 1]!;
  const b2 = bytes[offset + 2]!;
  if (bytes[offset] !== 0xff || (b1 & 0xe0) !== 0xe0) return undefined;
  const version = (b1 >> 3) & 3;
  const layer = (b1 >> 1) & 3;
  const bitrateIndex = b2 >> 4;
  const sampleRateIndex = (b2 >> 2) & 3;
  if (version === 1 || layer === 0 || bitrateIndex === 0 || bitrateIndex === 15 || sampleRateIndex === 3) return undefined;
  const sampleRate = sampleRates[version]![sampleRateIndex]!;
  const padding = (b2 >> 1) & 1;
  const mpeg1 = version === 3;
  const table = mpeg1 ? (layer === 3 ? bitrates.v1l1 : layer === 2 ? bitrates.v1l2 : bitrates.v1l3) : layer === 3 ? bitrates.v2l1 : bitrates.v2l23;
  const bitrate = table[bitrateIndex]! * 1000;
  if (layer === 3) return { length: (Math.floor((12 * bitrate) / sampleRate) + padding) * 4, samples: 384, sampleRate };
  const samples = layer === 1 && !mpeg1 ? 576 : 1152;
  const length = Math.floor(((samples / 8) * bitrate) / sampleRate) + padding;
  return { length, samples, sampleRate };
}

/** Whether the bytes start like an MP3 file (an ID3 tag or an MPEG audio frame). */
export function looksLikeMp3(bytes: Uint8Array): boolean {
  if (bytes.length >= 3 && bytes[0] === 0x49 && bytes[1] === 0x44 && bytes[2] === 0x33) return true;
  return readMp3FrameHeader(bytes, 0) != null;
}

function id3Length(bytes: Uint8Array): number {
  if (bytes.length < 10 || bytes[0] !== 0x49 || bytes[1] !== 0x44 || bytes[2] !== 0x33) return 0;
  const size = ((bytes[6]! & 0x7f) << 21) | ((bytes[7]! & 0x7f) << 14) | ((bytes[8]! & 0x7f) << 7) | (bytes[9]! & 0x7f);
  const footer = (bytes[5]! & 0x10) !== 0 ? 10 : 0;
  return 10 + size + footer;
}

/**
 * Length of an MP3 in seconds, from its frame headers (no decoder needed). Skips an ID3v2 tag and
 * a leading Xing/Info frame; undefined when no MPEG audio frame is found.
 */
export function mp3DurationSeconds(bytes: Uint8Array): number | undefined {
  let offset = id3Length(bytes);
  let seconds = 0;
  let frames = 0;
  while (offset + 4 <= bytes.length) {
    const header = readMp3FrameHeader(bytes, offset);
    if (header == null || header.length < 4 || offset + header.length > bytes.length + 1) {
      offset += 1;
      continue;
    }
    const next = readMp3FrameHeader(bytes, offset + header.length);
    if (next == null && offset + header.length < bytes.length - 4) {
      // A false sync inside other data: the next frame must follow directly.
      offset += 1;
      continue;
    }
    const head = Buffer.from(bytes.subarray(offset, Math.min(offset + 64, bytes.length))).toString('latin1');
    const isInfoFrame = frames === 0 && (head.includes('Xing') || head.includes('Info'));
    if (!isInfoFrame) seconds += header.samples / header.sampleRate;
    frames += 1;
    offset += header.length;
  }
  return frames > 0 ? seconds : undefined;
}
