import { crc32 } from 'node:zlib';

const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

interface Chunk {
  type: string;
  /** Offset of the chunk's length field in the file. */
  start: number;
  data: Uint8Array;
}

function chunksOf(png: Uint8Array): Chunk[] | undefined {
  if (png.length < 8 || signature.some((byte, index) => png[index] !== byte)) return undefined;
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const chunks: Chunk[] = [];
  let offset = 8;
  while (offset + 12 <= png.length) {
    const length = view.getUint32(offset);
    if (offset + 12 + length > png.length) return undefined;
    const type = String.fromCharCode(...png.subarray(offset + 4, offset + 8));
    chunks.push({ type, start: offset, data: png.subarray(offset + 8, offset + 8 + length) });
    offset += 12 + length;
  }
  return chunks;
}

/** Width and height from a PNG's IHDR chunk, or undefined for anything else. */
export function pngSize(png: Uint8Array): { width: number; height: number } | undefined {
  if (png.length < 24 || signature.some((byte, index) => png[index] !== byte)) return undefined;
  if (String.fromCharCode(...png.subarray(12, 16)) !== 'IHDR') return undefined;
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** The PNG with a UTF-8 text (iTXt) chunk under `keyword` added before its end. */
export function withTextChunk(png: Uint8Array, keyword: string, text: string): Uint8Array {
  const end = chunksOf(png)?.find((chunk) => chunk.type === 'IEND');
  if (!end) return png;
  // iTXt: keyword, NUL, not compressed, method 0, no language tag, no translated keyword, the text.
  const body = Buffer.concat([Buffer.from('iTXt', 'latin1'), Buffer.from(keyword, 'latin1'), Buffer.from([0, 0, 0, 0, 0]), Buffer.from(text, 'utf8')]);
  const chunk = Buffer.alloc(body.length + 8);
  chunk.writeUInt32BE(body.length - 4, 0);
  body.copy(chunk, 4);
  chunk.writeUInt32BE(crc32(body), body.length + 4);
  return new Uint8Array(Buffer.concat([png.subarray(0, end.start), chunk, png.subarray(end.start)]));
}

/** The text of the first uncompressed iTXt chunk under `keyword`, or undefined. */
export function readTextChunk(png: Uint8Array, keyword: string): string | undefined {
  const prefix = Buffer.from(`${keyword}\0\0\0\0\0`, 'latin1');
  for (const chunk of chunksOf(png) ?? []) {
    if (chunk.type !== 'iTXt' || chunk.data.length < prefix.length) continue;
    if (Buffer.from(chunk.data.subarray(0, prefix.length)).equals(prefix)) return Buffer.from(chunk.data.subarray(prefix.length)).toString('utf8');
  }
  return undefined;
}
