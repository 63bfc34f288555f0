import type { JsonValue, MovieRecord } from '@cinema/core';
import type { Selectable } from 'kysely';
import type { MoviesTable } from './schema.js';

/** A row of `movies` as pg returns it. */
export type MovieRow = Selectable<MoviesTable>;

export function toMovie(row: MovieRow): MovieRecord {
  return {
    id: row.id,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    input: row.input as JsonValue,
    state: (row.state ?? null) as JsonValue | null,
  };
}

