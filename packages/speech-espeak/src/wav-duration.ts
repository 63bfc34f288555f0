/** Seconds of audio in a PCM WAV file, read from its header and data chunk. */
export function wavDurationSeconds(wav: Uint8Array): number {
  const view = new DataView(wav.buffer, wav.byteOffset, wav.byteLength);
  let offset = 12;
  let byteRate = 0;
  while (offset + 8 <= wav.byteLength) {
    const id = String.fromCharCode(wav[offset]!, wav[offset + 1]!, wav[offset + 2]!, wav[offset + 3]!);
    const size = view.getUint32(offset + 4, true);
    if (id === 'fmt ') byteRate = view.getUint32(offset + 16, true);
    if (id === 'data') {
      const bytes = Math.min(size, wav.byteLength - offset - 8);
      return byteRate > 0 ? bytes / byteRate : 0;
    }
    offset += 8 + size + (size % 2);
  }
  return 0;
}
