import { MovieNotFoundError } from '@cinema/core';
import type { JsonValue, MovieRecord } from '@cinema/core';
import { sql } from 'kysely';
import type { Updateable } from 'kysely';
import { toMovie } from '../movie-row.js';
import type { MovieRow } from '../movie-row.js';
import type { MoviesTable } from '../schema.js';
import type { StoreContext } from '../store-context.js';

export function createMovie(context: StoreContext, { id, input, now }: { id: string; input: JsonValue; now: number }): MovieRecord {
  const { db, queries } = context;
  queries.run(
    db
      .insertInto('movies')
      .values({ id, input: JSON.stringify(input), state: null, spent_micros: 0, created_at: now, updated_at: now })
      .onConflict((conflict) => conflict.column('id').doNothing()),
  );
  return toMovie(queries.first(db.selectFrom('movies').selectAll().where('id', '=', id))!);
}

export function getMovie(context: StoreContext, movieId: string): MovieRecord | undefined {
  const row = context.queries.first(context.db.selectFrom('movies').selectAll().where('id', '=', movieId));
  return row && toMovie(row);
}

export function listMovies(context: StoreContext): MovieRecord[] {
  return context.queries.all(context.db.selectFrom('movies').selectAll().orderBy('created_at').orderBy('id')).map(toMovie);
}

export function saveState(context: StoreContext, movieId: string, state: JsonValue, now: number): void {
  updateMovie(context, movieId, { state: JSON.stringify(state), updated_at: now });
}

/** Replaces what the movie is made from (an edited script the user approved). */
export function setMovieInput(context: StoreContext, movieId: string, input: JsonValue, now: number): void {
  updateMovie(context, movieId, { input: JSON.stringify(input), updated_at: now });
}

function updateMovie(context: StoreContext, movieId: string, values: Updateable<MoviesTable>) {
  const changed = context.queries.run(context.db.updateTable('movies').set(values).where('id', '=', movieId));
  if (changed === 0) throw movieNotFound(context, movieId);
}

/** The movie's row; throws a `MovieNotFoundError` naming the store when there is none. */
export function requireMovie(context: StoreContext, movieId: string): MovieRow {
  const movie = context.queries.prepared('movie', (p) => context.db.selectFrom('movies').selectAll().where('id', '=', p.movieId)).first({ movieId });
  if (!movie) throw movieNotFound(context, movieId);
  return movie;
}

/** Adds to the movie's running total, kept in step with its jobs' costs so a budgeted claim need not sum them. */
export function addSpent(context: StoreContext, movieId: string, micros: number): void {
  context.queries
    .prepared('movie.spend', (p) => context.db.updateTable('movies').set({ spent_micros: sql<number>`spent_micros + ${p.micros}` }).where('id', '=', p.movieId))
    .run({ movieId, micros });
}

function movieNotFound(context: StoreContext, movieId: string) {
  return new MovieNotFoundError({ movieId, where: `the job store ${context.path}` });
}
