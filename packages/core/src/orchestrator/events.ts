import type { ErrorCategory } from '../errors/cinema-error.js';
import type { JobSummary } from '../job-store/v1/index.js';
import type { AssetCheck } from '../quality/v1/index.js';

/** `awaiting_review`: everything left waits for `approve` (the film's review gate, or a redo in progress). */
export type RunStatus = 'running' | 'completed' | 'failed' | 'stopped' | 'budget_exceeded' | 'awaiting_review';

/** What a run reports as it goes; a CLI, a web page or a webhook can subscribe. */
export type CinemaEvent =
  | { type: 'run:started'; movieId: string; resumed: boolean; at: number }
  | { type: 'plan:updated'; movieId: string; total: number; created: number; at: number }
  | { type: 'job:started'; movieId: string; key: string; stage: string; attempt: number; at: number }
  | { type: 'job:submitted'; movieId: string; key: string; stage: string; at: number }
  | { type: 'job:reattached'; movieId: string; key: string; stage: string; at: number }
  /** After a crash: the provider already had this job's work (`doFind`), so it was not submitted again. */
  | { type: 'job:found'; movieId: string; key: string; stage: string; at: number }
  /** The job was cancelled (`cinema cancel`); `providerCancelled` when its provider work was asked to stop. */
  | { type: 'job:cancelled'; movieId: string; key: string; stage: string; providerCancelled: boolean; at: number }
  | { type: 'job:progress'; movieId: string; key: string; stage: string; fraction: number; message?: string; at: number }
  | { type: 'job:warning'; movieId: string; key: string; stage: string; message: string; at: number }
  | { type: 'job:completed'; movieId: string; key: string; stage: string; costUsd: number; at: number }
  /** The files of a take were checked (`checks`); a failed check is followed by `job:retrying` or `job:failed`. */
  | { type: 'job:checked'; movieId: string; key: string; stage: string; passed: boolean; checks: AssetCheck[]; at: number }
  /** The judge scored a take; below the threshold it is made again (or, on the last attempt, the best is kept). */
  | { type: 'job:judged'; movieId: string; key: string; stage: string; score: number; problems: string[]; passed: boolean; at: number }
  | {
      type: 'job:retrying';
      movieId: string;
      key: string;
      stage: string;
      attempt: number;
      delayMs: number;
      error: { message: string; category: ErrorCategory };
      at: number;
    }
  | { type: 'job:failed'; movieId: string; key: string; stage: string; error: { message: string; category: ErrorCategory }; at: number }
  | { type: 'budget:blocked'; movieId: string; maxCostUsd: number; spentUsd: number; at: number }
  /** The jobs left wait for approval (`cinema review`, then `cinema approve`). */
  | { type: 'review:waiting'; movieId: string; keys: string[]; at: number }
  /** Jobs left the plan: their scenes were taken out of the script. Their files are kept. */
  | { type: 'plan:retired'; movieId: string; keys: string[]; at: number }
  | { type: 'run:finished'; movieId: string; status: RunStatus; summary: JobSummary; at: number };

export type CinemaEventListener = (event: CinemaEvent) => void;
