import { InvalidInputError, type JobStoreV1, MovieNotFoundError } from '@cinema/core';
import type { CliSetup } from './cli-setup.js';

/** The job store of the base directory, once it is known to hold `movieId`. */
export async function storeWithMovie(setup: CliSetup, movieId: string): Promise<JobStoreV1> {
  const store = await setup.maker.store(setup.baseDir);
  if (!(await store.getMovie(movieId))) throw new MovieNotFoundError({ movieId, where: setup.baseDir });
  return store;
}

/** Refuses `--job` keys the movie has no job for, naming them and where to find the right ones. */
export async function requireJobs(store: JobStoreV1, movieId: string, keys: readonly string[] | undefined): Promise<void> {
  const unknown: string[] = [];
  for (const key of keys ?? []) if (!(await store.getJob(movieId, key))) unknown.push(key);
  if (unknown.length > 0) throw new InvalidInputError({ message: `No job ${unknown.join(', ')} in movie ${movieId}: see \`cinema jobs ${movieId}\` for the keys.` });
}
