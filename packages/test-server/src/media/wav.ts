/**
 * A real 16-bit mono PCM WAV. Default: 1 s of a 440 Hz tone at 8 kHz; a `frequency` of 0 gives
 * silence. At least one sample is written, so every duration gives a file players accept.
 */
export function createWav(seconds = 1, sampleRate = 8000, frequency = 440): Uint8Array {
  const samples = Math.max(1, Math.round(seconds * sampleRate));
  const buffer = Buffer.alloc(44 + samples * 2);
  buffer.write('RIFF', 0, 'ascii');
  buffer.writeUInt32LE(36 + samples * 2, 4);
  buffer.write('WAVE', 8, 'ascii');
  buffer.write('fmt ', 12, 'ascii');
  buffer.writeUInt32LE(16, 16);
  buffer.writeUInt16LE(1, 20); // PCM
  buffer.writeUInt16LE(1, 22); // mono
  buffer.writeUInt32LE(sampleRate, 24);
  buffer.writeUInt32LE(sampleRate * 2, 28);
  buffer.writeUInt16LE(2, 32);
  buffer.writeUInt16LE(16, 34);
  buffer.write('data', 36, 'ascii');
  buffer.writeUInt32LE(samples * 2, 40);
  if (frequency > 0) {
    for (let index = 0; index < samples; index++) {
      buffer.writeInt16LE(Math.round(Math.sin((2 * Math.PI * frequency * index) / sampleRate) * 12000), 44 + index * 2);
    }
  }
  return new Uint8Array(buffer);
}
