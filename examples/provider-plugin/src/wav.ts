/** A mono 16-bit WAV of a sine tone; `seconds` long at `frequency` Hz, faded in and out. */
export function encodeToneWav(seconds: number, frequency: number, sampleRate = 22_050): Uint8Array {
  const samples = Math.max(1, Math.round(seconds * sampleRate));
  const buffer = Buffer.alloc(44 + samples * 2);
  buffer.write('RIFF', 0, 'latin1');
  buffer.writeUInt32LE(36 + samples * 2, 4);
  buffer.write('WAVEfmt ', 8, 'latin1');
  buffer.writeUInt32LE(16, 16);
  buffer.writeUInt16LE(1, 20);
  buffer.writeUInt16LE(1, 22);
  buffer.writeUInt32LE(sampleRate, 24);
  buffer.writeUInt32LE(sampleRate * 2, 28);
  buffer.writeUInt16LE(2, 32);
  buffer.writeUInt16LE(16, 34);
  buffer.write('data', 36, 'latin1');
  buffer.writeUInt32LE(samples * 2, 40);
  const fade = Math.min(samples / 2, sampleRate * 0.02);
  for (let index = 0; index < samples; index++) {
    const envelope = Math.min(1, index / fade, (samples - index) / fade);
    buffer.writeInt16LE(Math.round(Math.sin((2 * Math.PI * frequency * index) / sampleRate) * 12_000 * envelope), 44 + index * 2);
  }
  return new Uint8Array(buffer);
}
