import { open, readFile, rename, rm } from 'node:fs/promises';
import { temporaryPath } from '@cinema/core';
import type { SoundtrackPlan } from './dialogue-plan.js';
import { FfmpegError } from './ffmpeg-error.js';

/** Where each ADTS frame of an AAC stream starts, read from the frame headers (`frame_length`, 13 bits). */
export function adtsFrameStarts(data: Uint8Array): number[] | undefined {
  const starts: number[] = [];
  let position = 0;
  while (position < data.length) {
    if (position + 7 > data.length || data[position] !== 0xff || (data[position + 1]! & 0xf0) !== 0xf0) return undefined;
    const length = ((data[position + 3]! & 0x03) << 11) | (data[position + 4]! << 3) | (data[position + 5]! >> 5);
    if (length < 7) return undefined;
    starts.push(position);
    position += length;
  }
  return position === data.length ? starts : undefined;
}

/**
 * Writes the film's AAC track (ADTS) from the chunks' frames, through a temporary name: of each piece,
 * `frames` frames after the first `skipFrames`. Nothing is encoded again; one chunk is read at a time.
 */
export async function joinSoundtrack(plan: SoundtrackPlan): Promise<void> {
  const temporary = temporaryPath(plan.target);
  const output = await open(temporary, 'w');
  try {
    for (const piece of plan.pieces) {
      const data = await readFile(piece.file);
      const starts = adtsFrameStarts(data);
      if (starts == null || starts.length < piece.skipFrames + piece.frames) {
        throw new FfmpegError({
          category: 'unknown',
          file: piece.file,
          message: `The audio chunk ${piece.file} is not the AAC stream it should be (${starts == null ? 'no ADTS frames' : `${starts.length} frames, ${piece.skipFrames + piece.frames} needed`}): delete it and run the edit again.`,
        });
      }
      const from = starts[piece.skipFrames]!;
      const to = starts[piece.skipFrames + piece.frames] ?? data.length;
      await output.write(data, from, to - from);
    }
  } catch (error) {
    await output.close();
    await rm(temporary, { force: true });
    throw error;
  }
  await output.close();
  await rename(temporary, plan.target);
}
