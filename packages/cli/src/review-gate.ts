import type { CliSetup } from './cli-setup.js';

/**
 * Holds the not yet started jobs of the stages the review gate names, for `--review` on a movie
 * that exists: the gate holds jobs when they are first planned, so without this a resumed movie's
 * pending clips would go on unreviewed. Jobs already running or made are left alone. Returns how
 * many were held.
 */
export async function holdForReview(setup: CliSetup, movieId: string): Promise<number> {
  const stages = new Set(setup.config.review?.before ?? []);
  const store = await setup.maker.store(setup.baseDir);
  if (stages.size === 0 || !(await store.getMovie(movieId))) return 0;
  const waiting = (await store.listJobs(movieId, { status: 'pending' })).filter((job) => !job.held && stages.has(job.stage));
  return waiting.length === 0 ? 0 : store.hold(movieId, waiting.map((job) => job.key), Date.now());
}
