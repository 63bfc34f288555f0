import { MovieNotFoundError } from '@cinema/core';
import type { JsonValue, MovieRecord } from '@cinema/core';
import { toMovie } from '../movie-row.js';
import { callTimes } from '../store-clock.js';
import type { StoreContext } from '../store-context.js';

/** Creates the movie, or returns the one with that id as it is (its first input is kept). */
export async function createMovie(context: StoreContext, { id, input, now }: { id: string; input: JsonValue; now: number }): Promise<MovieRecord> {
  const times = callTimes(context.clock, now);
  const inserted = await context.db
    .insertInto('movies')
    .values({ id, input: JSON.stringify(input), state: null, created_at: times.now, updated_at: times.now })
    .onConflict((conflict) => conflict.column('id').doNothing())
    .returningAll()
    .executeTakeFirst();
  return inserted ? toMovie(inserted) : (await getMovie(context, id))!;
}

export async function getMovie(context: StoreContext, movieId: string): Promise<MovieRecord | undefined> {
  const row = await context.db.selectFrom('movies').selectAll().where('id', '=', movieId).executeTakeFirst();
  return row && toMovie(row);
}

export async function listMovies(context: StoreContext): Promise<MovieRecord[]> {
  const rows = await context.db.selectFrom('movies').selectAll().orderBy('created_at').orderBy('id').execute();
  return rows.map(toMovie);
}

export async function saveState(context: StoreContext, movieId: string, state: JsonValue, now: number): Promise<void> {
  const result = await context.db
    .updateTable('movies')
    .set({ state: JSON.stringify(state), updated_at: callTimes(context.clock, now).now })
    .where('id', '=', movieId)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) throw movieNotFound(context, movieId);
}

/** Replaces what the movie is made from (an edited script, redo settings). */
export async function setMovieInput(context: StoreContext, movieId: string, input: JsonValue, now: number): Promise<void> {
  const result = await context.db
    .updateTable('movies')
    .set({ input: JSON.stringify(input), updated_at: callTimes(context.clock, now).now })
    .where('id', '=', movieId)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) throw movieNotFound(context, movieId);
}

/** Throws a `MovieNotFoundError` naming the store when the movie does not exist. */
export async function requireMovie(context: StoreContext, movieId: string): Promise<void> {
  const { rows } = await context.compiled.run(context.db, 'movie.exists', (p) => context.db.selectFrom('movies').select('id').where('id', '=', p.movieId), { movieId });
  if (rows.length === 0) throw movieNotFound(context, movieId);
}

function movieNotFound(context: StoreContext, movieId: string) {
  return new MovieNotFoundError({ movieId, where: `the job store ${context.description}` });
}
