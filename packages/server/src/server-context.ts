import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { assertValidMovieId, movieLayout } from '@cinema/core';
import type { JobStoreV1, MovieMaker, MovieRecord } from '@cinema/core';
import { ApiError } from './api-error.js';
import type { MovieRuns } from './movie-runs.js';
import { movieView } from './views.js';

/** What every route works with. */
export interface ServerContext {
  maker: MovieMaker;
  /** The base folder of movies (absolute). */
  baseDir: string;
  runs: MovieRuns;
  /** Largest script `POST /api/movies` takes, in bytes. */
  maxScriptBytes: number;
  /** How often an event stream reads the log for news, in ms. */
  pollMs: number;
  store(): Promise<JobStoreV1>;
}

/** The movie a route names, or a 400 for an id that cannot be one, a 404 for one the store does not hold. */
export async function requireMovie(context: ServerContext, movieId: string): Promise<MovieRecord> {
  try {
    assertValidMovieId(movieId);
  } catch (error) {
    throw new ApiError(400, (error as Error).message, 'movieId');
  }
  const movie = await (await context.store()).getMovie(movieId);
  if (!movie) throw new ApiError(404, `No movie "${movieId}" in ${context.baseDir}: see GET /api/movies for the movies there.`, 'movieId');
  return movie;
}

export function movieDir(context: ServerContext, movieId: string): string {
  return movieLayout.movieDir(context.baseDir, movieId);
}

/** The movie as the API shows it (see `movieView`). */
export async function describeMovie(context: ServerContext, movie: MovieRecord) {
  const store = await context.store();
  // The log's place first: whatever changes after it is in the stream that follows from it.
  const eventSeq = await store.lastEventSeq(movie.id);
  const summary = await store.summarize(movie.id);
  const filmExists = await stat(join(movieDir(context, movie.id), movieLayout.finalVideo(movie.id))).then(
    (info) => info.isFile(),
    () => false,
  );
  return movieView({ movie, eventSeq, summary, run: context.runs.state(movie.id), filmExists });
}
