/** Every audio stream the editor mixes is decoded to this first: 48 kHz, stereo, planar float. */
export const audioFormat = 'aformat=sample_fmts=fltp:sample_rates=48000:channel_layouts=stereo';

/** Samples of one AAC frame: chunks start and end on whole frames of the film's 48 kHz clock. */
export const aacFrameSamples = 1024;

/**
 * AAC frames each chunk encodes beyond its own on either side. One would do for the frames to overlap
 * their neighbours'; three keep the chunk's own frames clear of the encoder's reaction to the abrupt
 * start and end of its input (it switches to short windows there, which would not fit the neighbour's).
 */
export const chunkRollFrames = 3;

const roll = chunkRollFrames * aacFrameSamples;

/** A dialogue line on the film's 48 kHz sample clock. */
export interface PlacedLine {
  /** Sample of the film where the line starts. */
  startSample: number;
  /** The line's length in samples (0 when it could not be measured). */
  samples: number;
}

/**
 * A stretch of the film's soundtrack encoded by one ffmpeg process: samples `[startSample, endSample)`,
 * both on the AAC frame grid. The process encodes `chunkRollFrames` frames more on each side, so the
 * frames kept from neighbouring chunks overlap as in one continuous encoding and join without a seam
 * (see `soundtrackPieces`).
 */
export interface DialogueChunk {
  startSample: number;
  endSample: number;
  /**
   * The lines heard in the chunk or in the frames encoded on either side, in input order, each with
   * where it starts from the beginning of that wider window (`chunkRollFrames` frames before
   * `startSample`): negative for a line begun earlier, which is heard from that many samples in.
   */
  inputs: { line: number; offsetSamples: number }[];
}

const frameFloor = (sample: number) => Math.floor(sample / aacFrameSamples) * aacFrameSamples;

/**
 * Splits the film's soundtrack into chunks encoded independently of each other: each stretch (the
 * video parts' stretches of the film, which cover it end to end) is one chunk from its first AAC frame,
 * or several when more lines sound in it than `linesPerChunk` (a chunk after the first starts at the
 * frame where its first line starts). The last chunk ends on the frame after the film's last sample.
 * A chunk reads at most `linesPerChunk` lines, counting those ringing on into it and the one starting
 * just after it, unless more than that ring on at once. Lines come in order of `startSample`.
 */
export function dialogueChunks(lines: readonly PlacedLine[], stretches: readonly { startSample: number; endSample: number }[], linesPerChunk: number): DialogueChunk[] {
  const size = Math.max(1, Math.floor(linesPerChunk));
  const filmEnd = Math.ceil(stretches[stretches.length - 1]!.endSample / aacFrameSamples) * aacFrameSamples;
  const chunks: DialogueChunk[] = [];
  let next = 0;
  stretches.forEach((stretch, index) => {
    const stretchEnd = index === stretches.length - 1 ? filmEnd : frameFloor(stretches[index + 1]!.startSample);
    let start = frameFloor(stretch.startSample);
    while (start < stretchEnd) {
      const windowStart = start - roll;
      const ringing = lines.slice(0, next).filter((line) => line.startSample + line.samples > windowStart).length;
      // One input stays free for the line the next chunk starts with, which sounds in this one's last frames.
      const capacity = Math.max(1, size - ringing - 1);
      let own = 0;
      while (next < lines.length && frameFloor(lines[next]!.startSample) < stretchEnd && (own < capacity || frameFloor(lines[next]!.startSample) <= start)) {
        next += 1;
        own += 1;
      }
      const end = next < lines.length && frameFloor(lines[next]!.startSample) < stretchEnd ? frameFloor(lines[next]!.startSample) : stretchEnd;
      const windowEnd = end + roll;
      const inputs: DialogueChunk['inputs'] = [];
      lines.forEach((line, lineIndex) => {
        if (line.startSample < windowEnd && line.startSample + Math.max(1, line.samples) > windowStart) inputs.push({ line: lineIndex, offsetSamples: line.startSample - windowStart });
      });
      chunks.push({ startSample: start, endSample: end, inputs });
      start = end;
    }
  });
  return chunks;
}

/**
 * The graph of one chunk, ending in `[chunk]` of exactly `endSample - startSample` samples and
 * `chunkRollFrames` frames either side: its inputs (in `chunk.inputs` order)
 * decoded, each at its gain in dB (`gainsDb`, same order) and moved to its place to the sample
 * (`adelay` counts whole milliseconds, so it delays to the next one and `atrim` takes back the rest),
 * and the music bed (`music`, the input after the lines: a 48 kHz file looped from its first sample,
 * `startSample` being where in the loop the window starts) at its volume; all summed by amix of inputs
 * padded without end, multiplied back by the input count (an exact sum on builds whose amix has no
 * `normalize`), over exactly the window, which a silent source of that length sets.
 */
export function dialogueChunkGraph(chunk: DialogueChunk, gainsDb: readonly number[], music?: { startSample: number; volume: number }): string[] {
  const length = chunk.endSample - chunk.startSample + 2 * roll;
  const chains = [`anullsrc=r=48000:cl=stereo,${audioFormat},atrim=end_sample=${length}[drive]`];
  const place = (offset: number) => {
    if (offset < 0) return `,atrim=start_sample=${-offset},asetpts=PTS-STARTPTS`;
    if (offset === 0) return '';
    const milliseconds = Math.ceil(offset / 48);
    const over = milliseconds * 48 - offset;
    return `,adelay=${milliseconds}|${milliseconds}${over > 0 ? `,atrim=start_sample=${over},asetpts=PTS-STARTPTS` : ''}`;
  };
  chunk.inputs.forEach((input, index) => {
    chains.push(`[${index}:a]${audioFormat},asetpts=PTS-STARTPTS,volume=${gainsDb[index] ?? 0}dB${place(input.offsetSamples)},apad[p${index}]`);
  });
  const labels = chunk.inputs.map((_, index) => `p${index}`);
  if (music != null) {
    chains.push(`[${chunk.inputs.length}:a]${audioFormat},asetpts=PTS-STARTPTS,volume=${music.volume}${place(-music.startSample)},apad[music]`);
    labels.push('music');
  }
  if (labels.length === 0) return [`anullsrc=r=48000:cl=stereo,${audioFormat},atrim=end_sample=${length}[chunk]`];
  const count = labels.length + 1;
  chains.push(`[drive]${labels.map((label) => `[${label}]`).join('')}amix=inputs=${count}:duration=first:dropout_transition=0,volume=${count},atrim=end_sample=${length}[chunk]`);
  return chains;
}

/**
 * Which AAC frames of each chunk's encoding make the soundtrack: the encoder delays everything by one
 * frame and each chunk was encoded from `chunkRollFrames` frames before its start, so its frames after
 * the first `chunkRollFrames + 1` are its own stretch, `(endSample - startSample) / aacFrameSamples` of
 * them. Each frame's window overlaps the next one's as in one continuous encoding, so the joined frames
 * decode without a seam.
 */
export function soundtrackPieces(chunks: readonly Pick<DialogueChunk, 'startSample' | 'endSample'>[]): { skipFrames: number; frames: number }[] {
  return chunks.map((chunk) => ({ skipFrames: chunkRollFrames + 1, frames: (chunk.endSample - chunk.startSample) / aacFrameSamples }));
}
