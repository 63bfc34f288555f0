import { type JobStoreV1, MovieNotFoundError } from '@cinema/core';
import type { CliSetup } from './cli-setup.js';

/** The job store of the base directory, once it is known to hold `movieId`. */
export async function storeWithMovie(setup: CliSetup, movieId: string): Promise<JobStoreV1> {
  const store = await setup.maker.store(setup.baseDir);
  if (!(await store.getMovie(movieId))) throw new MovieNotFoundError({ movieId, where: setup.baseDir });
  return store;
}
