import { availableParallelism } from 'node:os';

/**
 * Threads for each ffmpeg process that draws pictures, when `processes` of them run at once: the
 * machine's cores shared out between them, at least one each. At the film sizes an editor renders, a
 * process per core with one thread each does the same work with less CPU than each process threading
 * its decoders, filters and x264 over every core (`bench/postprod.mjs` prints both).
 */
export function threadsPerProcess(processes: number, cores = availableParallelism()): number {
  return Math.max(1, Math.floor(cores / Math.max(1, processes)));
}

/**
 * What gives an ffmpeg process `threads` threads: `input` goes before each `-i` (its decoder),
 * `global` once anywhere (simple and complex filter graphs), `output` with the output's options (its
 * encoder). They change neither the frames' timing nor the H.264 stream's parameters (x264 writes the
 * same SPS and PPS whatever its threads), so a part keeps its key whatever machine rendered it.
 */
export function threadOptions(threads: number): { input: string[]; global: string[]; output: string[] } {
  const count = String(Math.max(1, Math.floor(threads)));
  return {
    input: ['-threads', count],
    global: ['-filter_threads', count, '-filter_complex_threads', count],
    output: ['-threads', count],
  };
}
