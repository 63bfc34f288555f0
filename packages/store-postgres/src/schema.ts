import type { JobStatus } from '@cinema/core';
import { sql } from 'kysely';
import type { ColumnType, Kysely, Migration, MigrationProvider } from 'kysely';

/**
 * A `bigint` column: pg hands int8 back as a string (it may not fit a JS number), or as a number when
 * the pool was told to parse it. Row mapping turns either into a number; every value the store keeps
 * there (ms since the epoch, micro-dollars, lease tokens) is well inside 2^53.
 */
type Int8 = ColumnType<string | number, number, number>;
type NullableInt8 = ColumnType<string | number | null, number | null, number | null>;
/** A `jsonb` column: written as JSON text, read back parsed by pg. */
type Json<T = unknown> = ColumnType<T, string, string>;

/** Rows as PostgreSQL stores them: times in ms since the epoch, money in micro-dollars, JSON as jsonb. */
export interface MoviesTable {
  id: string;
  input: Json;
  state: ColumnType<unknown, string | null, string | null>;
  created_at: Int8;
  updated_at: Int8;
}

export interface JobsTable {
  movie_id: string;
  key: string;
  stage: string;
  lane: string;
  input: Json;
  input_hash: string;
  depends_on: string[];
  priority: number;
  max_attempts: number;
  estimated_cost_micros: Int8;
  scene_id: string | null;
  character_id: string | null;
  status: JobStatus;
  attempts: number;
  pending_dependencies: number;
  run_at: Int8;
  lease_owner: string | null;
  lease_token: Int8;
  lease_expires_at: NullableInt8;
  /** The claim call that took the current lease, so a claim whose reply was lost can be found again. */
  claim_id: string | null;
  submit_key: string | null;
  operation: ColumnType<unknown, string | null, string | null>;
  held: boolean;
  outputs: Json;
  /** The number of the take in use; 0 before the job first completed. */
  take: number;
  /** The job's other finished versions, as `JobTake` objects. */
  takes: Json;
  result: ColumnType<unknown, string | null, string | null>;
  errors: Json;
  cost_micros: Int8;
  created_at: Int8;
  updated_at: Int8;
  first_started_at: NullableInt8;
  completed_at: NullableInt8;
}

export interface JobDependenciesTable {
  movie_id: string;
  /** The job that waits. */
  key: string;
  /** The job it waits for. */
  depends_on: string;
}

/** A provider lane's state shared by every worker and movie: its requests-per-minute spacing and 429 pause. */
export interface LanesTable {
  lane: string;
  /** When the lane's next rate-limited claim may start (ms since the epoch); 0 for at once. */
  next_start_at: Int8;
  /** Until when no claim takes the lane's jobs (a Retry-After); 0 for not paused. */
  paused_until: Int8;
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
  lanes: LanesTable;
}

/** Marks a schema as Cinema's: `cinema_meta` holds `application = cinema`. */
export const applicationMarker = 'cinema';
export const migrationTableName = 'cinema_migration';
export const migrationLockTableName = 'cinema_migration_lock';

/**
 * The migrations, for tables in `schema`. Identifiers compare byte by byte (`collate "C"`), as the
 * other stores compare keys, so claim order is the same in every store and the indexes stay cheap.
 */
function migrationsFor(schema: string): Record<string, Migration> {
  const table = (name: string) => sql.id(schema, name);
  return {
    '0001_initial': {
      async up(db: Kysely<any>) {
        const statements = [
          sql`create table ${table('cinema_meta')} (key text primary key, value text not null)`,
          sql`create table ${table('movies')} (
            id text collate "C" primary key,
            input jsonb not null,
            state jsonb,
            created_at bigint not null,
            updated_at bigint not null
          )`,
          sql`create table ${table('jobs')} (
            movie_id text collate "C" not null references ${table('movies')} (id),
            key text collate "C" not null,
            stage text not null,
            lane text collate "C" not null,
            input jsonb not null,
            input_hash text not null,
            depends_on text[] not null,
            priority double precision not null,
            max_attempts integer not null,
            estimated_cost_micros bigint not null,
            scene_id text,
            character_id text,
            status text not null check (status in ('pending', 'in_progress', 'waiting', 'completed', 'failed', 'cancelled', 'retired')),
            attempts integer not null,
            pending_dependencies integer not null,
            run_at bigint not null,
            lease_owner text,
            lease_token bigint not null default 0,
            lease_expires_at bigint,
            claim_id text,
            submit_key text,
            operation jsonb,
            held boolean not null default false,
            outputs jsonb not null,
            take integer not null default 0,
            takes jsonb not null default '[]',
            result jsonb,
            errors jsonb not null,
            cost_micros bigint not null default 0,
            created_at bigint not null,
            updated_at bigint not null,
            first_started_at bigint,
            completed_at bigint,
            primary key (movie_id, key)
          )`,
          sql`create table ${table('job_dependencies')} (
            movie_id text collate "C" not null,
            key text collate "C" not null,
            depends_on text collate "C" not null,
            primary key (movie_id, depends_on, key)
          )`,
          // Ready jobs in claim order; the partial predicate must appear literally in the claim query.
          sql`create index jobs_ready on ${table('jobs')} (movie_id, priority, run_at, key) where status = 'pending' and pending_dependencies = 0 and not held`,
          // Leased jobs: few at a time, so one small index serves the lane counts, the expiry sweep
          // and the fenced writes. The key is in it so that a fenced write finds its row at once:
          // without it, a write would walk the entries the index still holds for jobs that finished
          // since the last vacuum, thousands in a busy movie.
          sql`create index jobs_active on ${table('jobs')} (movie_id, key) include (lane, lease_expires_at) where status in ('in_progress', 'waiting')`,
          sql`insert into ${table('cinema_meta')} (key, value) values ('application', ${applicationMarker}), ('schema_version', '1')`,
        ];
        for (const statement of statements) await statement.execute(db);
      },
    },
    // Lane limits held across workers and movies (requests per minute, 429 pauses).
    '0002_lanes': {
      async up(db: Kysely<any>) {
        const statements = [
          sql`create table ${table('lanes')} (
            lane text collate "C" primary key,
            next_start_at bigint not null default 0,
            paused_until bigint not null default 0
          )`,
          sql`update ${table('cinema_meta')} set value = '2' where key = 'schema_version'`,
        ];
        for (const statement of statements) await statement.execute(db);
      },
    },
  };
}

/** The schema version this code writes and understands; a schema with a higher one is refused. */
export const latestSchemaVersion = Object.keys(migrationsFor('cinema')).length;

/** Migrations in code, so the package needs no migration files at run time. */
export function migrationProviderFor(schema: string): MigrationProvider {
  return {
    async getMigrations() {
      return migrationsFor(schema);
    },
  };
}
