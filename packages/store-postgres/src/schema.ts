import type { JobStatus, StoreEventType } from '@cinema/core';
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

/**
 * The event log (see `StoreEvent`): one row per change, appended by triggers in the change's own
 * transaction, and numbered once it has committed (see operations/number-events.ts).
 */
export interface EventsTable {
  /** The order the rows were appended in; written by the table's default only. */
  id: ColumnType<string | number, never, never>;
  /** The event's place in the log; null until a reader has numbered it. */
  seq: NullableInt8;
  movie_id: string;
  type: StoreEventType;
  job_key: string | null;
  stage: string | null;
  status: string | null;
  attempts: number | null;
  cost_micros: NullableInt8;
  error: string | null;
  at: Int8;
}

/** One webhook's delivery (see `WebhookDelivery`), with the lease of the process that sends. */
export interface WebhookDeliveriesTable {
  webhook_id: string;
  delivered_seq: Int8;
  attempts: number;
  next_attempt_at: Int8;
  last_error: string | null;
  delivered_at: NullableInt8;
  owner: string | null;
  lease_expires_at: NullableInt8;
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
    // The event log (the webhooks' outbox) and webhook deliveries. Triggers append the events, so
    // every write reports its change in its own transaction (the rules are core's
    // `storeEventTypeOf`). A sequence alone would number events in the order transactions asked,
    // not the order they committed, and a reader could pass over one that commits late; so here an
    // event is numbered under a transaction-long advisory lock, and numbers follow commits. That lock
    // serialised every writer of the store: 0004 numbers events after they commit instead.
    '0003_event_log': {
      async up(db: Kysely<any>) {
        const name = (object: string) => qualifiedName(schema, object);
        const statements = [
          sql`create sequence ${name('events_seq')}`,
          sql`create table ${table('events')} (
            seq bigint primary key,
            movie_id text collate "C" not null,
            type text not null,
            job_key text collate "C",
            stage text,
            status text,
            attempts integer,
            cost_micros bigint,
            error text,
            at bigint not null
          )`,
          sql`create index events_of_movie on ${table('events')} (movie_id, seq)`,
          sql`create table ${table('webhook_deliveries')} (
            webhook_id text primary key,
            delivered_seq bigint not null,
            attempts integer not null default 0,
            next_attempt_at bigint not null,
            last_error text,
            delivered_at bigint,
            owner text,
            lease_expires_at bigint
          )`,
          ...eventTriggerFunctions(
            schema,
            (values) => `
              perform pg_advisory_xact_lock(hashtext(${quoteLiteral(schema)}), 1164866886);
              insert into ${quoteIdentifier(schema)}.events (seq, ${eventColumns})
                values (nextval(${quoteLiteral(`${quoteIdentifier(schema)}.events_seq`)}), ${values});`,
          ),
          sql`create trigger movie_event after insert or update of state on ${table('movies')} for each row execute function ${name('movie_event')}()`,
          sql`create trigger job_event after insert or update of status, held, take, lease_token on ${table('jobs')} for each row execute function ${name('job_event')}()`,
          sql`update ${table('cinema_meta')} set value = '3' where key = 'schema_version'`,
        ];
        for (const statement of statements) await statement.execute(db);
      },
    },
    // Writers take no shared lock: the triggers append events unnumbered (`seq` null), each with an
    // id from a sequence, and readers number what has committed before they read (see
    // operations/number-events.ts). Rows numbered under 0003 keep their numbers, and their seq as
    // their id, so ids keep the log's order. The indexes on `seq` hold numbered rows only, so a
    // writer maintains two indexes, as before: the id's and the unnumbered rows'.
    '0004_event_log_numbered_by_readers': {
      async up(db: Kysely<any>) {
        const name = (object: string) => qualifiedName(schema, object);
        const events = table('events');
        const statements = [
          // The sequence that numbered events under 0003 gives their ids now: it is past every seq
          // handed out, so new rows' ids follow those of the old rows, which are their seq.
          sql`alter sequence ${name('events_seq')} rename to events_id_seq`,
          sql`alter table ${events} add column id bigint`,
          sql`update ${events} set id = seq`,
          sql`alter table ${events} drop constraint events_pkey`,
          sql`alter table ${events} alter column seq drop not null, alter column id set not null,
            alter column id set default nextval(${sql.raw(quoteLiteral(`${quoteIdentifier(schema)}.events_id_seq`))}::regclass), add primary key (id)`,
          sql`alter sequence ${name('events_id_seq')} owned by ${events}.id`,
          sql`drop index ${name('events_of_movie')}`,
          sql`create unique index events_by_seq on ${events} (seq) where seq is not null`,
          sql`create index events_of_movie on ${events} (movie_id, seq) where seq is not null`,
          sql`create index events_unnumbered on ${events} (id) where seq is null`,
          // Replaced in place: the triggers of 0003 call them by name.
          ...eventTriggerFunctions(schema, (values) => `insert into ${quoteIdentifier(schema)}.events (${eventColumns}) values (${values});`),
          sql`update ${table('cinema_meta')} set value = '4' where key = 'schema_version'`,
        ];
        for (const statement of statements) await statement.execute(db);
      },
    },
  };
}

/** `"schema"."object"`, for the SQL that kysely does not build (function bodies, sequence names). */
function qualifiedName(schema: string, object: string) {
  return sql.raw(`${quoteIdentifier(schema)}.${quoteIdentifier(object)}`);
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function quoteLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** What an event trigger writes besides the event's number. */
const eventColumns = 'movie_id, type, job_key, stage, status, attempts, cost_micros, error, at';

/**
 * The trigger functions `movie_event` and `job_event`, which append one event per change of a
 * movie or a job. `append(values)` is the PL/pgSQL that writes an event whose {@link eventColumns}
 * are `values`.
 */
function eventTriggerFunctions(schema: string, append: (values: string) => string) {
  const name = (object: string) => qualifiedName(schema, object);
  const write = (values: string) => sql.raw(append(values));
  return [
    sql`create or replace function ${name('movie_event')}() returns trigger language plpgsql as $$
      begin
        if tg_op = 'INSERT' then
          ${write(`new.id, 'movie.created', null, null, null, null, null, null, new.created_at`)}
        elsif new.state is not null then
          ${write(`new.id, 'movie.run_ended', null, null, new.state ->> 'status', null, null, null, new.updated_at`)}
        end if;
        return null;
      end
    $$`,
    sql`create or replace function ${name('job_event')}() returns trigger language plpgsql as $$
      declare
        change text;
      begin
        if tg_op = 'INSERT' then
          change := 'job.created';
        elsif old.status <> new.status then
          change := case
            when old.status = 'retired' then 'job.restored'
            when new.status in ('in_progress', 'waiting') and new.lease_token > old.lease_token then 'job.claimed'
            when new.status = 'waiting' then 'job.submitted'
            when new.status = 'completed' then 'job.completed'
            when new.status = 'failed' then 'job.failed'
            when new.status = 'cancelled' then 'job.cancelled'
            when new.status = 'retired' then 'job.retired'
            when new.status <> 'pending' then null
            when old.status not in ('in_progress', 'waiting') then 'job.retried'
            when jsonb_array_length(new.errors) > jsonb_array_length(old.errors) then 'job.attempt_failed'
            else 'job.released'
          end;
        elsif old.held and not new.held then
          change := 'job.approved';
        elsif new.held and not old.held then
          change := 'job.held';
        elsif new.status = 'completed' and new.take <> old.take then
          change := 'job.completed';
        end if;
        if change is null then
          return null;
        end if;
        ${write(`new.movie_id, change, new.key, new.stage, new.status, new.attempts, new.cost_micros,
          case when change in ('job.failed', 'job.attempt_failed') then new.errors -> -1 ->> 'message' end, new.updated_at`)}
        return null;
      end
    $$`,
  ];
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
