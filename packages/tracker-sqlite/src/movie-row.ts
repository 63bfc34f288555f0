import type { JsonValue, MovieRecord } from '@cinema/core';
import type { Selectable } from 'kysely';
import type { MoviesTable } from './schema.js';

/** A row of `movies` as SQLite returns it. */
export type MovieRow = Selectable<MoviesTable>;

export function toMovie(row: MovieRow): MovieRecord {
  return {
    id: row.id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    input: JSON.parse(row.input) as JsonValue,
    state: row.state === null ? null : (JSON.parse(row.state) as JsonValue),
  };
}
