import type { InputFile } from '../../provider/v1/input-file.js';
import type { AssetCheck } from './asset-check.js';
import type { AssetExpectation } from './asset-expectation.js';

/**
 * Checks the files models return before a job counts as done (config `checks`). The orchestrator
 * calls it for every file a stage declares (`JobOutcome.expect`); a failed check makes the attempt
 * a retryable `quality` failure naming the check, so the job is made again (a new take, never the
 * same file fetched again), up to its attempts and the budget. `@cinema/postprod-ffmpeg` has one.
 */
export interface AssetCheckerV1 {
  /** Which checker spec this speaks; checked when the config is resolved. */
  readonly specificationVersion: 'v1';
  /** For messages, e.g. `ffmpeg`. */
  readonly name: string;
  /**
   * Runs every check that applies to the file at `absolutePath` and returns them all, passed or
   * not. Throws only when checking itself is impossible (the checker's tool is missing).
   */
  check(expectation: AssetExpectation, options: { absolutePath: string; abortSignal?: AbortSignal }): Promise<AssetCheck[]>;
  /**
   * Pictures of a take for a judge to look at: the still itself, or `count` frames spread over a
   * clip, as PNG. Optional: without it a judge sees stills only, and clips are not judged.
   */
  sample?(expectation: AssetExpectation, options: { absolutePath: string; count: number; abortSignal?: AbortSignal }): Promise<InputFile[]>;
}
