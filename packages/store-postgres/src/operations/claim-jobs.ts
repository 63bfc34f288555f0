import type { ClaimRequest, Job, JobStatus } from '@cinema/core';
import { sql } from 'kysely';
import type { RawBuilder } from 'kysely';
import type { Parameters } from '../compiled-queries.js';
import { claimOrder, toJob } from '../job-row.js';
import type { JobRow } from '../job-row.js';
import { toMicros } from '../micros.js';
import { callTimes } from '../store-clock.js';
import type { CallTimes } from '../store-clock.js';
import type { StoreContext } from '../store-context.js';
import { activeStatus } from './fence.js';
import { requireMovie } from './movies.js';

/** Written literally so the `jobs_ready` partial index applies. */
const readyStatus = sql<boolean>`status = 'pending' and pending_dependencies = 0 and not held`;

/**
 * Leases up to `request.limit` ready jobs (pending, not held, every dependency complete, due) in
 * claim order (priority, run time, key), skipping lanes that are excluded or full and jobs whose
 * estimate does not fit the budget left. `claimId` is written to each job claimed, so a claim whose
 * reply was lost can be found again ({@link findClaimed}).
 *
 * Without lane limits or a budget this is one statement: the ready rows are locked with
 * `FOR UPDATE SKIP LOCKED`, so concurrent claimers take different jobs and never wait for each other.
 * With them, counting what runs and taking more must not interleave with another claim of the same
 * lane, or two claimers could each see a free slot and both take it: the claim then runs in a
 * transaction that first takes an advisory lock per limited lane it may claim from (and one for the
 * movie's budget), in one order for every claimer.
 */
export async function claimJobs(context: StoreContext, request: ClaimRequest, claimId: string): Promise<Job[]> {
  let rows: JobRow[] = [];
  if (request.limit > 0) {
    const limited =
      Object.keys(request.laneConcurrency ?? {}).length > 0 || Object.keys(request.laneRequestsPerMinute ?? {}).length > 0 || request.maxCostUsd !== undefined;
    rows = limited
      ? await context.db.transaction().execute((db) => claimWithinLimits({ ...context, db }, request, claimId))
      : await claimFreely(context, request, claimId);
  }
  // A claim that took jobs proves the movie exists; only an empty one needs to ask.
  if (rows.length === 0) await requireMovie(context, request.movieId);
  return rows.map(toJob).sort(claimOrder);
}

/** The jobs a claim with this id leased and still holds, for a claim retried after its reply was lost. */
export async function findClaimed(context: StoreContext, movieId: string, claimId: string): Promise<Job[]> {
  const rows = await context.db.selectFrom('jobs').selectAll().where('movie_id', '=', movieId).where(activeStatus).where('claim_id', '=', claimId).execute();
  return rows.map(toJob).sort(claimOrder);
}

/** What a claim writes to each job it takes; `p` holds workerId, leaseMs and claimId. */
function newLease(p: Parameters, times: CallTimes) {
  return {
    // Every claim is an attempt; a stop or crash while the provider held the work gives it back.
    attempts: sql<number>`attempts + 1`,
    status: sql<JobStatus>`case when operation is null then 'in_progress' else 'waiting' end`,
    lease_token: sql<number>`lease_token + 1`,
    lease_owner: p.workerId,
    lease_expires_at: times.after(p.leaseMs),
    claim_id: p.claimId,
    first_started_at: sql<number>`coalesce(first_started_at, ${times.now})`,
    updated_at: times.now,
  };
}

/** Ready jobs of `p.movieId` at `times.now`, outside paused lanes, and outside `p.closed` when `closing`. */
function readyJobs(context: StoreContext, p: Parameters, times: CallTimes, closing: boolean) {
  const paused = context.db.selectFrom('lanes').select('lane').where('paused_until', '>', times.now);
  let query = context.db
    .selectFrom('jobs')
    .where('movie_id', '=', p.movieId)
    .where(readyStatus)
    .where('run_at', '<=', times.now)
    .where('lane', 'not in', paused);
  if (closing) query = query.where('lane', '<>', sql<string>`all(cast(${p.closed} as text[]))`);
  return query;
}

/** The values every claim query is run with; `closed` are the lanes it must not claim from. */
function claimValues(request: ClaimRequest, claimId: string, closed: readonly string[]) {
  return { movieId: request.movieId, now: Math.round(request.now), workerId: request.workerId, leaseMs: Math.round(request.leaseMs), claimId, closed, limit: request.limit };
}

async function claimFreely(context: StoreContext, request: ClaimRequest, claimId: string): Promise<JobRow[]> {
  const closed = request.excludeLanes ?? [];
  const { rows } = await context.compiled.run(
    context.db,
    `claim.free.${closed.length > 0}`,
    (p) => {
      const times = callTimes(context.clock, p.now);
      const candidates = readyJobs(context, p, times, closed.length > 0)
        .select('key')
        .orderBy('priority')
        .orderBy('run_at')
        .orderBy('key')
        .limit(p.limit)
        .forUpdate()
        .skipLocked();
      // The candidates' keys as one array, looked up by primary key. Joined to a CTE instead, the
      // plan PostgreSQL keeps for this prepared statement (which cannot know the limit) hashes the
      // whole table, so a claim would read every job of every movie.
      return context.db
        .updateTable('jobs')
        .set(newLease(p, times))
        .where('movie_id', '=', p.movieId)
        .where('key', '=', sql<string>`any(array(${candidates}))`)
        .returningAll();
    },
    claimValues(request, claimId, closed),
  );
  return rows as JobRow[];
}

/**
 * The advisory lock of the movie's budget, or of a lane: a lane's limits are the provider
 * account's, held over every movie of the schema, so its lock names no movie.
 */
function lockKey(context: StoreContext, of: { movieId: unknown } | { lane: RawBuilder<string> }) {
  const name = 'movieId' in of ? sql`jsonb_build_array(${context.schema}::text, cast(${of.movieId} as text))` : sql`jsonb_build_array(${context.schema}::text, 'lane', ${of.lane})`;
  return sql`hashtextextended(${name}::text, 0)`;
}

async function claimWithinLimits(context: StoreContext, request: ClaimRequest, claimId: string): Promise<JobRow[]> {
  const { db, compiled } = context;
  const limits = request.laneConcurrency ?? {};
  const rates = request.laneRequestsPerMinute ?? {};
  const limitedLanes = [...new Set([...Object.keys(limits), ...Object.keys(rates)])];
  const excluded = request.excludeLanes ?? [];
  const budget = request.maxCostUsd === undefined ? undefined : toMicros(request.maxCostUsd);
  const values = claimValues(request, claimId, excluded);

  // Locks in one order for every claimer (the budget's, then lanes by name), so none deadlock.
  if (budget !== undefined) await compiled.run(db, 'claim.lock-budget', (p) => db.selectNoFrom(sql`pg_advisory_xact_lock(${lockKey(context, { movieId: p.movieId })})`.as('locked')), values);
  const locked = new Set<string>();
  if (limitedLanes.length > 0) {
    const { rows } = await compiled.run(
      db,
      `claim.lock-lanes.${excluded.length > 0}`,
      (p) => {
        // Each limited lane that has a ready job: the lane's first ready job in claim order, found
        // through `jobs_ready` (the search stops there). As an EXISTS, PostgreSQL may plan a scan of
        // every job of the schema instead, which grows with every job ever finished.
        const firstReady = readyJobs(context, p, callTimes(context.clock, p.now), excluded.length > 0)
          .select(sql<number>`1`.as('one'))
          .where('lane', '=', sql.ref<string>('limited'))
          .orderBy('priority')
          .orderBy('run_at')
          .orderBy('key')
          .limit(1);
        const lanes = db
          .selectFrom(sql<string>`unnest(cast(${p.limited} as text[]))`.as('limited'))
          .innerJoinLateral(firstReady.as('first_ready'), (join) => join.onTrue())
          .select(sql<string>`limited`.as('lane'))
          // Byte order, as the lane column's collation: every claimer, of any version, locks lanes in one order.
          .orderBy(sql`limited collate "C"`);
        // Locked by the outer query, so in the inner one's order.
        return db.selectFrom(lanes.as('lanes')).select(['lanes.lane', sql`pg_advisory_xact_lock(${lockKey(context, { lane: sql<string>`lanes.lane` })})`.as('locked')]);
      },
      { ...values, limited: limitedLanes },
    );
    for (const row of rows) locked.add(row.lane);
  }

  // Counted after the locks, so every earlier claim of these lanes is committed and seen. What
  // runs in a lane counts over every movie; what is reserved against the budget is this movie's.
  const running = new Map<string, number>();
  let committed = 0;
  if (Object.keys(limits).length > 0) {
    const active = await compiled.run(
      db,
      'claim.running',
      () => db.selectFrom('jobs').select(['lane', sql<string>`count(*)`.as('count')]).where(activeStatus).groupBy('lane'),
      values,
    );
    for (const lane of active.rows) running.set(lane.lane, Number(lane.count));
  }
  if (budget !== undefined) {
    const reserved = await compiled.run(
      db,
      'claim.reserved',
      (p) => db.selectFrom('jobs').select(sql<string>`coalesce(sum(estimated_cost_micros), 0)`.as('reserved')).where('movie_id', '=', p.movieId).where(activeStatus),
      values,
    );
    committed += Number(reserved.rows[0]!.reserved);
  }
  // A rate-limited lane whose next start has not come is closed, like a full one.
  const waiting = new Set<string>();
  if (Object.keys(rates).length > 0) {
    const due = await compiled.run(
      db,
      'claim.rate-waiting',
      (p) =>
        db
          .selectFrom('lanes')
          .select('lane')
          .where('lane', '=', sql<string>`any(cast(${p.rated} as text[]))`)
          .where('next_start_at', '>', callTimes(context.clock, p.now).now),
      { ...values, rated: Object.keys(rates) },
    );
    for (const row of due.rows) waiting.add(row.lane);
  }
  if (budget !== undefined) {
    const spent = await compiled.run(
      db,
      'claim.spent',
      (p) => db.selectFrom('jobs').select(sql<string>`coalesce(sum(cost_micros), 0)`.as('spent')).where('movie_id', '=', p.movieId),
      values,
    );
    committed += Number(spent.rows[0]!.spent);
  }
  // A lane is closed when excluded, limited but not locked by this claim (no ready job in it a
  // moment ago; one that became ready since waits for the next claim), or full.
  const closed = new Set(excluded);
  for (const lane of limitedLanes) {
    if (!locked.has(lane) || waiting.has(lane) || (limits[lane] !== undefined && (running.get(lane) ?? 0) >= limits[lane])) closed.add(lane);
  }

  const claimed: JobRow[] = [];
  const started: string[] = [];
  while (claimed.length < request.limit) {
    if (budget !== undefined && budget - committed < 0) break;
    const wanted = request.limit - claimed.length;
    const closing = closed.size > 0;
    const { rows } = await compiled.run(
      db,
      `claim.candidates.${closing}.${budget !== undefined}`,
      (p) => {
        let candidates = readyJobs(context, p, callTimes(context.clock, p.now), closing).select(['key', 'lane', 'estimated_cost_micros']);
        if (budget !== undefined) candidates = candidates.where('estimated_cost_micros', '<=', p.left);
        return candidates.orderBy('priority').orderBy('run_at').orderBy('key').limit(p.limit).forUpdate().skipLocked();
      },
      { ...values, closed: [...closed], left: budget === undefined ? null : budget - committed, limit: wanted },
    );
    const chosen: string[] = [];
    for (const row of rows) {
      const estimate = Number(row.estimated_cost_micros);
      if (closed.has(row.lane)) continue;
      if (budget !== undefined && committed + estimate > budget) continue;
      chosen.push(row.key);
      committed += estimate;
      const lanes = (running.get(row.lane) ?? 0) + 1;
      running.set(row.lane, lanes);
      const limit = limits[row.lane];
      if (limit !== undefined && lanes >= limit) closed.add(row.lane);
      // One start per interval: the lane closes for this claim and its next start is recorded below.
      if (rates[row.lane] !== undefined) {
        started.push(row.lane);
        closed.add(row.lane);
      }
    }
    if (chosen.length > 0) {
      const taken = await compiled.run(
        db,
        'claim.take',
        (p) =>
          db
            .updateTable('jobs')
            .set(newLease(p, callTimes(context.clock, p.now)))
            .where('movie_id', '=', p.movieId)
            .where('key', '=', sql<string>`any(cast(${p.chosen} as text[]))`)
            .returningAll(),
        { ...values, chosen },
      );
      claimed.push(...(taken.rows as JobRow[]));
    }
    // Rows passed over were for lanes now closed or estimates now too large: the next query skips
    // them, so each round either claims or ends.
    if (rows.length < wanted) break;
  }
  for (const lane of started) {
    await compiled.run(
      db,
      'claim.space-next-start',
      (p) => {
        const next = callTimes(context.clock, p.now).after(p.intervalMs);
        return db
          .insertInto('lanes')
          .values({ lane: p.lane as string, next_start_at: next, paused_until: 0 })
          .onConflict((conflict) => conflict.column('lane').doUpdateSet({ next_start_at: next }));
      },
      { ...values, lane, intervalMs: Math.ceil(60_000 / rates[lane]!) },
    );
  }
  return claimed;
}
