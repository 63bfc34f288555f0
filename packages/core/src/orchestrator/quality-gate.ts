import { join } from 'node:path';
import { CinemaError, hasErrorMarker } from '../errors/cinema-error.js';
import type { JobOutcome } from '../pipeline/v1/index.js';
import type { AssetCheck, AssetCheckerV1 } from '../quality/v1/index.js';

const marker = 'cinema.error.quality-failure';
const symbol = Symbol.for(marker);

/** A take that failed its checks: made again (never fetched again), and what it cost still counts. */
export class QualityFailure extends CinemaError {
  private readonly [symbol] = true;
  /** What the failed take cost, recorded on the attempt. */
  readonly costUsd: number;
  readonly checks: AssetCheck[];

  constructor({ message, costUsd, checks }: { message: string; costUsd: number; checks: AssetCheck[] }) {
    super({ message, category: 'quality', isRetryable: true });
    this.name = 'QualityFailure';
    this.costUsd = costUsd;
    this.checks = checks;
  }

  static override isInstance(error: unknown): error is QualityFailure {
    return hasErrorMarker(error, marker);
  }
}

/**
 * Holds the files a stage wrote to what it asked of them. Returns every check when all pass;
 * throws a `QualityFailure` naming each failed check and its file when one does not.
 */
export async function checkOutcome(checker: AssetCheckerV1, movieDir: string, outcome: JobOutcome, abortSignal: AbortSignal): Promise<AssetCheck[]> {
  const checks: AssetCheck[] = [];
  const failed: string[] = [];
  for (const expectation of outcome.expect ?? []) {
    const results = await checker.check(expectation, { absolutePath: join(movieDir, expectation.path), abortSignal });
    checks.push(...results);
    for (const result of results) if (!result.passed) failed.push(`${expectation.path}: ${result.name} (${result.detail})`);
  }
  if (failed.length > 0) {
    throw new QualityFailure({ message: `failed its ${checker.name} checks: ${failed.join('; ')}`, costUsd: outcome.costUsd, checks });
  }
  return checks;
}
