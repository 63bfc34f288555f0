/** Runs tasks with at most `limit` of them at once. */
export interface ConcurrencyLimit {
  /**
   * Runs `task` as soon as fewer than `limit` tasks are running. Waiting tasks start in the order
   * `run` was called, so work asked for first (the film's first clips) is done first.
   */
  run<T>(task: () => Promise<T>): Promise<T>;
}

export function createConcurrencyLimit(limit: number): ConcurrencyLimit {
  const size = Math.max(1, Math.floor(limit));
  let running = 0;
  const waiting: (() => void)[] = [];
  return {
    async run(task) {
      if (running >= size) await new Promise<void>((resolve) => waiting.push(resolve));
      else running += 1;
      try {
        return await task();
      } finally {
        // The slot passes straight to the next waiting task, so a later caller cannot take it first.
        const next = waiting.shift();
        if (next == null) running -= 1;
        else next();
      }
    },
  };
}
