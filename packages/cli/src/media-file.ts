import { readFile } from 'node:fs/promises';
import { InvalidInputError } from '@cinema/core';
import { findFfmpeg, probeMedia } from '@cinema/postprod-ffmpeg';

/** What a file is, judged by its content rather than its name. */
export type MediaFile =
  | { kind: 'still'; format: 'PNG' | 'JPEG'; width: number; height: number }
  | { kind: 'clip'; format: 'MP4' | 'MOV'; width: number; height: number; durationSeconds: number }
  | { kind: 'line'; format: 'WAV' | 'MP3'; durationSeconds: number }
  /** Anything else, with what it seems to be (`a GIF image`, `a WebM video`). */
  | { kind: 'other'; description: string };

const ascii = (bytes: Uint8Array, start: number, end: number) => Buffer.from(bytes.subarray(start, end)).toString('latin1');

/**
 * Reads a file and says what it is: a still by its PNG or JPEG magic bytes and its header's size; a
 * clip (MP4, MOV) or a line (WAV, MP3) by its container's signature, then through ffprobe for its
 * streams and duration. Throws an `InvalidInputError` naming the file when it cannot be read.
 */
export async function identifyMedia(path: string): Promise<MediaFile> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a folder, not a file' : `cannot be read (${(error as Error).message})`;
    throw new InvalidInputError({ message: `The file ${path} ${reason}: give the picture, clip or sound to use.`, cause: error });
  }
  if (bytes.length >= 24 && ascii(bytes, 0, 8) === '\x89PNG\r\n\x1a\n') {
    const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return { kind: 'still', format: 'PNG', width: view.readUInt32BE(16), height: view.readUInt32BE(20) };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
    const size = jpegSize(bytes);
    return size ? { kind: 'still', format: 'JPEG', ...size } : { kind: 'other', description: 'a JPEG image whose size cannot be read' };
  }
  const container = containerOf(bytes);
  if (typeof container !== 'string') return { kind: 'other', description: container.description };
  let info;
  try {
    info = await probeMedia(path, await findFfmpeg());
  } catch (error) {
    return { kind: 'other', description: `a damaged ${container} file that ffprobe cannot read (${(error as Error).message.split('\n')[0]})` };
  }
  if (container === 'MP4' || container === 'MOV') {
    if (!info.video) return { kind: 'other', description: `${container === 'MP4' ? 'an MP4' : 'a MOV'} file with no picture, sound only` };
    return { kind: 'clip', format: container, width: info.video.width, height: info.video.height, durationSeconds: info.durationSeconds };
  }
  if (!info.audio) return { kind: 'other', description: `a ${container} file with no sound in it` };
  return { kind: 'line', format: container, durationSeconds: info.durationSeconds };
}

/** The container a file's first bytes announce, or what else it seems to be. */
function containerOf(bytes: Uint8Array): 'MP4' | 'MOV' | 'WAV' | 'MP3' | { description: string } {
  const box = ascii(bytes, 4, 8);
  if (box === 'ftyp') return ascii(bytes, 8, 12) === 'qt  ' ? 'MOV' : 'MP4';
  // QuickTime files from before ftyp boxes start with one of these atoms.
  if (['moov', 'mdat', 'wide', 'free', 'skip'].includes(box)) return 'MOV';
  if (ascii(bytes, 0, 4) === 'RIFF') {
    const form = ascii(bytes, 8, 12);
    if (form === 'WAVE') return 'WAV';
    return { description: form === 'WEBP' ? 'a WebP image' : form === 'AVI ' ? 'an AVI video' : 'a RIFF file that is not WAV' };
  }
  if (ascii(bytes, 0, 3) === 'ID3' || (bytes[0] === 0xff && ((bytes[1] ?? 0) & 0xe0) === 0xe0)) return 'MP3';
  if (bytes[0] === 0x1a && bytes[1] === 0x45 && bytes[2] === 0xdf && bytes[3] === 0xa3) return { description: 'a WebM or Matroska video' };
  const start = ascii(bytes, 0, 4);
  if (start.startsWith('GIF8')) return { description: 'a GIF image' };
  if (start === 'OggS') return { description: 'an Ogg file' };
  if (start === 'fLaC') return { description: 'a FLAC file' };
  if (start === '%PDF') return { description: 'a PDF document' };
  if (bytes.length === 0) return { description: 'an empty file' };
  return { description: bytes.subarray(0, 512).every((byte) => byte === 9 || byte === 10 || byte === 13 || (byte >= 32 && byte < 127)) ? 'a text file' : 'not a picture, clip or sound Cinema reads' };
}

/** A JPEG's size from its first start-of-frame segment. */
function jpegSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 2;
  while (offset + 9 <= view.length) {
    if (view[offset] !== 0xff) return undefined;
    const marker = view[offset + 1]!;
    // Fill bytes and markers that carry no length.
    if (marker === 0xff) {
      offset++;
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
      offset += 2;
      continue;
    }
    // Start of frame: every 0xC0-0xCF but DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: view.readUInt16BE(offset + 5), width: view.readUInt16BE(offset + 7) };
    }
    offset += 2 + view.readUInt16BE(offset + 2);
  }
  return undefined;
}
