import type { MovieResult } from '@cinema/core';

/** How a movie's runs in this server stand. */
export interface MovieRunState {
  /** A run is going on in this process. */
  running: boolean;
  /** How the last run of this process ended, or its error; null before any. */
  last: { status: string; error?: string; endedAt: number } | null;
}

/**
 * The runs `cinema serve` starts (a film created from the page, a retry, an approval): one at a
 * time per movie, in the background. Asked to run a movie that is running, it runs it once more
 * when the current run ends, so a job retried meanwhile is not left waiting.
 */
export class MovieRuns {
  private readonly runs = new Map<string, { current: Promise<void>; again?: () => Promise<MovieResult> }>();
  private readonly ended = new Map<string, NonNullable<MovieRunState['last']>>();
  private readonly controller = new AbortController();

  constructor(private readonly onError: (movieId: string, error: unknown) => void = () => {}) {}

  /** Aborted by `stop`: the runs give their jobs back, as on Ctrl-C. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  state(movieId: string): MovieRunState {
    return { running: this.runs.has(movieId), last: this.ended.get(movieId) ?? null };
  }

  /** Starts `run` now, or once the movie's current run ends (only the latest such request is kept). */
  start(movieId: string, run: () => Promise<MovieResult>): void {
    const existing = this.runs.get(movieId);
    if (existing) {
      existing.again = run;
      return;
    }
    const entry: { current: Promise<void>; again?: () => Promise<MovieResult> } = { current: Promise.resolve() };
    this.runs.set(movieId, entry);
    entry.current = (async () => {
      let next: (() => Promise<MovieResult>) | undefined = run;
      while (next && !this.controller.signal.aborted) {
        entry.again = undefined;
        try {
          const result = await next();
          this.ended.set(movieId, { status: result.status, endedAt: Date.now() });
        } catch (error) {
          this.ended.set(movieId, { status: 'error', error: (error as Error).message, endedAt: Date.now() });
          this.onError(movieId, error);
        }
        next = entry.again;
      }
      this.runs.delete(movieId);
    })();
  }

  /** Stops every run (their jobs are given back for a later resume) and waits for them to end. */
  async stop(): Promise<void> {
    this.controller.abort();
    await Promise.all([...this.runs.values()].map((entry) => entry.current));
  }
}
