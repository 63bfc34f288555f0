import type { JobOutput, JobStatus, JsonValue, StoreEventType } from '@cinema/core';
import { sql } from 'kysely';
import type { Generated, Kysely, Migration, MigrationProvider } from 'kysely';

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
  /** 1 while the job waits for `approve`, else 0. */
  held: number;
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
  /** The number of the take in use; 0 before the job ever completed. */
  take: number;
  /** JSON array of {@link StoredTake}, ordered by take number. */
  takes: string;
  result: string | null;
  errors: string;
  cost_micros: number;
  created_at: number;
  updated_at: number;
  first_started_at: number | null;
  completed_at: number | null;
}

/** A take as `jobs.takes` keeps it: a `JobTake` with its cost in integer micro-dollars, so sums stay exact. */
export interface StoredTake {
  take: number;
  outputs: JobOutput[];
  result: JsonValue | null;
  costMicros: number;
  inputHash: string;
  completedAt: number;
}

export interface JobDependenciesTable {
  movie_id: string;
  /** The job that waits. */
  key: string;
  /** The job it waits for. */
  depends_on: string;
}

/** A provider lane's state shared by every process and movie: its requests-per-minute spacing and 429 pause. */
export interface LanesTable {
  lane: string;
  /** When the lane's next rate-limited claim may start (ms since epoch); 0 for at once. */
  next_start_at: number;
  /** Until when no claim takes the lane's jobs (a Retry-After); 0 for not paused. */
  paused_until: number;
}

/** The event log (see `StoreEvent`): one row per change, appended by triggers in the change's own transaction. */
export interface EventsTable {
  seq: Generated<number>;
  movie_id: string;
  type: StoreEventType;
  job_key: string | null;
  stage: string | null;
  status: string | null;
  attempts: number | null;
  cost_micros: number | null;
  error: string | null;
  at: number;
}

/** One webhook's delivery (see `WebhookDelivery`), with the lease of the process that sends. */
export interface WebhookDeliveriesTable {
  webhook_id: string;
  delivered_seq: number;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  delivered_at: number | null;
  owner: string | null;
  lease_expires_at: number | null;
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
  events: EventsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  lanes: LanesTable;
}

/** Marks a SQLite file as Cinema's: `cinema_meta` holds `application = cinema`. */
export const applicationMarker = 'cinema';
export const migrationTableName = 'cinema_migration';
export const migrationLockTableName = 'cinema_migration_lock';

/** The columns of `jobs` in schema version 1, copied as they are when the table is rebuilt. */
const version1JobColumns = [
  'movie_id',
  'key',
  'stage',
  'lane',
  'input',
  'input_hash',
  'depends_on',
  'priority',
  'max_attempts',
  'estimated_cost_micros',
  'scene_id',
  'character_id',
  'status',
  'attempts',
  'pending_dependencies',
  'run_at',
  'lease_owner',
  'lease_token',
  'lease_expires_at',
  'submit_key',
  'operation',
  'outputs',
  'result',
  'errors',
  'cost_micros',
  'created_at',
  'updated_at',
  'first_started_at',
  'completed_at',
];

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
  // Takes, holds and the `retired` status. SQLite cannot change a CHECK constraint in place, so the
  // table is rebuilt (SQLite's documented procedure), keeping each row's rowid: jobs list in the
  // order they were enqueued.
  '0002_takes_holds_retired': {
    async up(db: Kysely<any>) {
      const kept = sql.raw(version1JobColumns.join(', '));
      const statements = [
        sql`create table jobs_next (
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
          status text not null check (status in ('pending', 'in_progress', 'waiting', 'completed', 'failed', 'cancelled', 'retired')),
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
          take integer not null default 0,
          takes text not null default '[]',
          held integer not null default 0 check (held in (0, 1)),
          primary key (movie_id, key)
        )`,
        // A job that had completed is its first take; its files are kept when it is made again.
        sql`insert into jobs_next (rowid, ${kept}, take) select rowid, ${kept}, case when status = 'completed' then 1 else 0 end from jobs`,
        sql`drop table jobs`,
        sql`alter table jobs_next rename to jobs`,
        // Held jobs are left out of the ready index, so a held stage costs the claim nothing.
        sql`create index jobs_ready on jobs (movie_id, priority, run_at, key) where status = 'pending' and pending_dependencies = 0 and held = 0`,
        sql`create index jobs_active on jobs (movie_id, lane, lease_expires_at) where status in ('in_progress', 'waiting')`,
        // A job's own dependencies, for counting them again and replacing them when it is re-planned.
        sql`create index job_dependencies_of_job on job_dependencies (movie_id, key)`,
        sql`update cinema_meta set value = '2' where key = 'schema_version'`,
      ];
      for (const statement of statements) await statement.execute(db);
    },
  },
  // Lane limits held across processes and movies: the lanes' shared state, and an index that counts
  // what runs in a lane over every movie.
  '0003_lanes': {
    async up(db: Kysely<any>) {
      const statements = [
        sql`create table lanes (
          lane text primary key,
          next_start_at integer not null default 0,
          paused_until integer not null default 0
        ) without rowid`,
        sql`create index jobs_active_by_lane on jobs (lane) where status in ('in_progress', 'waiting')`,
        sql`update cinema_meta set value = '3' where key = 'schema_version'`,
      ];
      for (const statement of statements) await statement.execute(db);
    },
  },
  // The event log (the webhooks' outbox) and webhook deliveries. Triggers append the events, so
  // every write, whichever operation makes it, reports its change in its own transaction; the
  // rules are core's `storeEventTypeOf`.
  '0004_event_log': {
    async up(db: Kysely<any>) {
      const columns = sql.raw('movie_id, type, job_key, stage, status, attempts, cost_micros, error, at');
      const statements = [
        sql`create table events (
          seq integer primary key autoincrement,
          movie_id text not null,
          type text not null,
          job_key text,
          stage text,
          status text,
          attempts integer,
          cost_micros integer,
          error text,
          at integer not null
        )`,
        sql`create index events_of_movie on events (movie_id, seq)`,
        sql`create table webhook_deliveries (
          webhook_id text primary key,
          delivered_seq integer not null,
          attempts integer not null default 0,
          next_attempt_at integer not null,
          last_error text,
          delivered_at integer,
          owner text,
          lease_expires_at integer
        )`,
        sql`create trigger movie_created_event after insert on movies begin
          insert into events (${columns}) values (new.id, 'movie.created', null, null, null, null, null, null, new.created_at);
        end`,
        sql`create trigger movie_run_ended_event after update of state on movies when new.state is not null begin
          insert into events (${columns}) values (new.id, 'movie.run_ended', null, null, json_extract(new.state, '$.status'), null, null, null, new.updated_at);
        end`,
        sql`create trigger job_created_event after insert on jobs begin
          insert into events (${columns}) values (new.movie_id, 'job.created', new.key, new.stage, new.status, new.attempts, new.cost_micros, null, new.updated_at);
        end`,
        sql`create trigger job_changed_event after update of status, held, take, lease_token on jobs begin
          insert into events (${columns})
          select new.movie_id, change.type, new.key, new.stage, new.status, new.attempts, new.cost_micros,
            case when change.type in ('job.failed', 'job.attempt_failed') then json_extract(new.errors, '$[#-1].message') end,
            new.updated_at
          from (select case
            when old.status <> new.status then case
              when old.status = 'retired' then 'job.restored'
              when new.status in ('in_progress', 'waiting') and new.lease_token > old.lease_token then 'job.claimed'
              when new.status = 'waiting' then 'job.submitted'
              when new.status = 'completed' then 'job.completed'
              when new.status = 'failed' then 'job.failed'
              when new.status = 'cancelled' then 'job.cancelled'
              when new.status = 'retired' then 'job.retired'
              when new.status <> 'pending' then null
              when old.status not in ('in_progress', 'waiting') then 'job.retried'
              when json_array_length(new.errors) > json_array_length(old.errors) then 'job.attempt_failed'
              else 'job.released'
            end
            when old.held = 1 and new.held = 0 then 'job.approved'
            when old.held = 0 and new.held = 1 then 'job.held'
            when new.status = 'completed' and new.take <> old.take then 'job.completed'
          end as type) as change
          where change.type is not null;
        end`,
        sql`update cinema_meta set value = '4' where key = 'schema_version'`,
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
