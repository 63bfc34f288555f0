import type { JobStatus } from '@cinema/core';
import { sql } from 'kysely';
import type { Kysely, Migration, MigrationProvider } from 'kysely';

/** Rows as SQLite stores them: times in ms since epoch, money in integer micro-dollars, JSON as TEXT. */
export interface MoviesTable {
  id: string;
  input: string;
  state: string | null;
  /** Sum of `cost_micros` of the movie's jobs, kept in step so a budgeted claim need not scan every job. */
  spent_micros: number;
  created_at: number;
  updated_at: number;
}

export interface JobsTable {
  movie_id: string;
  key: string;
  stage: string;
  lane: string;
  input: string;
  input_hash: string;
  depends_on: string;
  priority: number;
  max_attempts: number;
  estimated_cost_micros: number;
  scene_id: string | null;
  character_id: string | null;
  status: JobStatus;
  attempts: number;
  pending_dependencies: number;
  run_at: number;
  lease_owner: string | null;
  lease_token: number;
  lease_expires_at: number | null;
  submit_key: string | null;
  operation: string | null;
  outputs: string;
  result: string | null;
  errors: string;
  cost_micros: number;
  created_at: number;
  updated_at: number;
  first_started_at: number | null;
  completed_at: number | null;
}

export interface JobDependenciesTable {
  movie_id: string;
  /** The job that waits. */
  key: string;
  /** The job it waits for. */
  depends_on: string;
}

export interface CinemaMetaTable {
  key: string;
  value: string;
}

export interface StoreDatabase {
  movies: MoviesTable;
  jobs: JobsTable;
  job_dependencies: JobDependenciesTable;
  cinema_meta: CinemaMetaTable;
}

/** Marks a SQLite file as Cinema's: `cinema_meta` holds `application = cinema`. */
export const applicationMarker = 'cinema';
export const migrationTableName = 'cinema_migration';
export const migrationLockTableName = 'cinema_migration_lock';

const migrations: Record<string, Migration> = {
  '0001_initial': {
    async up(db: Kysely<any>) {
      const statements = [
        sql`create table cinema_meta (key text primary key, value text not null)`,
        sql`create table movies (
          id text primary key,
          input text not null,
          state text,
          spent_micros integer not null default 0,
          created_at integer not null,
          updated_at integer not null
        )`,
        sql`create table jobs (
          movie_id text not null references movies (id),
          key text not null,
          stage text not null,
          lane text not null,
          input text not null,
          input_hash text not null,
          depends_on text not null,
          priority integer not null,
          max_attempts integer not null,
          estimated_cost_micros integer not null,
          scene_id text,
          character_id text,
          status text not null check (status in ('pending', 'in_progress', 'waiting', 'completed', 'failed', 'cancelled')),
          attempts integer not null,
          pending_dependencies integer not null,
          run_at integer not null,
          lease_owner text,
          lease_token integer not null default 0,
          lease_expires_at integer,
          submit_key text,
          operation text,
          outputs text not null,
          result text,
          errors text not null,
          cost_micros integer not null default 0,
          created_at integer not null,
          updated_at integer not null,
          first_started_at integer,
          completed_at integer,
          primary key (movie_id, key)
        )`,
        sql`create table job_dependencies (
          movie_id text not null,
          key text not null,
          depends_on text not null,
          primary key (movie_id, depends_on, key)
        ) without rowid`,
        // Ready jobs in claim order; the partial predicates must appear literally in the claim query.
        sql`create index jobs_ready on jobs (movie_id, priority, run_at, key) where status = 'pending' and pending_dependencies = 0`,
        // Leased jobs: few at a time, so one small index serves lane counts and the expiry sweep.
        sql`create index jobs_active on jobs (movie_id, lane, lease_expires_at) where status in ('in_progress', 'waiting')`,
        sql`insert into cinema_meta (key, value) values ('application', ${applicationMarker}), ('schema_version', '1')`,
      ];
      for (const statement of statements) await statement.execute(db);
    },
  },
};

/** The schema version this code writes and understands; a file with a higher one is refused. */
export const latestSchemaVersion = Object.keys(migrations).length;

/** Migrations in code, so the package needs no migration files at run time. */
export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};
