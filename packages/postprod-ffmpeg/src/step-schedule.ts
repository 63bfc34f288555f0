import type { ConcurrencyLimit } from './concurrency-limit.js';

/**
 * Runs every step once the steps whose targets it needs (`after`, naming steps earlier in the list)
 * are done, with at most `limit` running at once; steps that are ready at the same time start in list
 * order. At the first failure `onFailure` is called (to stop the steps running), no further step
 * starts, and once every started step has settled the first error is thrown.
 */
export async function runScheduled<T extends { target: string; after?: readonly string[] | undefined }>(
  steps: readonly T[],
  options: { limit: ConcurrencyLimit; run: (step: T) => Promise<void>; onFailure: () => void },
): Promise<void> {
  const finished = new Map<string, Promise<void>>();
  let failure: { error: unknown } | undefined;
  const tasks = steps.map((step) => {
    const needs = (step.after ?? []).flatMap((target) => {
      const needed = finished.get(target);
      return needed == null ? [] : [needed];
    });
    const task = (async () => {
      await Promise.all(needs);
      await options.limit.run(async () => {
        if (failure == null) await options.run(step);
      });
    })();
    task.catch((error: unknown) => {
      if (failure != null) return;
      failure = { error };
      options.onFailure();
    });
    finished.set(step.target, task);
    return task;
  });
  await Promise.allSettled(tasks);
  if (failure != null) throw failure.error;
}
