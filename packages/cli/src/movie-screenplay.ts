import { jobKeys, type JobStoreV1, parseScreenplay, type Screenplay } from '@cinema/core';

/** The movie's screenplay as its screenplay job made it; undefined before that job is done. */
export async function movieScreenplay(store: JobStoreV1, movieId: string): Promise<Screenplay | undefined> {
  const job = await store.getJob(movieId, jobKeys.screenplay);
  if (job?.status !== 'completed' || job.result === null) return undefined;
  try {
    return parseScreenplay(job.result);
  } catch {
    return undefined;
  }
}
