import type { ClaimRequest, Job, JobStatus } from '@cinema/core';
import { sql } from 'kysely';
import { toJob } from '../job-row.js';
import { toMicros } from '../micros.js';
import type { StoreContext } from '../store-context.js';
import { activeStatus } from './fence.js';
import { closedLanes, spaceNextStart } from './lane-state.js';
import { requireMovie } from './movies.js';

/** Written literally so the `jobs_ready` partial index applies; a held job waits for `approve`. */
const readyStatus = sql<boolean>`status = 'pending' and pending_dependencies = 0 and held = 0`;

/**
 * Leases up to `request.limit` ready jobs in claim order (priority, run time, key), skipping lanes
 * that are excluded, paused, full (counted over every movie) or not yet due a rate-limited start,
 * and jobs whose estimate does not fit the budget left. Must run inside a write transaction, so the
 * lane counts, lane states and the budget see every other process's claims.
 */
export function claimJobs(context: StoreContext, request: ClaimRequest): Job[] {
  const { db, queries } = context;
  const movie = requireMovie(context, request.movieId);
  const claimed: Job[] = [];
  if (request.limit <= 0) return claimed;
  const running = new Map<string, number>();
  let committed = movie.spent_micros;
  const limits = request.laneConcurrency ?? {};
  const rates = request.laneRequestsPerMinute ?? {};
  const budget = request.maxCostUsd === undefined ? undefined : toMicros(request.maxCostUsd);
  // A provider limits an account: what runs in a lane counts over every movie.
  if (Object.keys(limits).length > 0) {
    const lanes = queries.prepared('claim.running', () =>
      db.selectFrom('jobs').select(['lane', sql<number>`count(*)`.as('count')]).where(activeStatus).groupBy('lane'),
    ).all({});
    for (const lane of lanes) running.set(lane.lane, lane.count);
  }
  if (budget !== undefined) {
    const reserved = queries.prepared('claim.reserved', (p) =>
      db.selectFrom('jobs').select(sql<number>`coalesce(sum(estimated_cost_micros), 0)`.as('reserved')).where('movie_id', '=', p.movieId).where(activeStatus),
    ).first({ movieId: request.movieId });
    committed += reserved?.reserved ?? 0;
  }
  const excluded = new Set([...(request.excludeLanes ?? []), ...closedLanes(context, request)]);
  for (const [lane, limit] of Object.entries(limits)) if ((running.get(lane) ?? 0) >= limit) excluded.add(lane);

  while (claimed.length < request.limit) {
    const wanted = request.limit - claimed.length;
    if (budget !== undefined && budget - committed < 0) break;
    const excluding = excluded.size > 0;
    const budgeted = budget !== undefined;
    const rows = queries.prepared(`claim.ready.${excluding}.${budgeted}`, (p) => {
      let candidates = db
        .selectFrom('jobs')
        .select(['key', 'lane', 'estimated_cost_micros'])
        .where('movie_id', '=', p.movieId)
        .where(readyStatus)
        .where('run_at', '<=', p.now);
      if (excluding) candidates = candidates.where('lane', 'not in', sql<string>`(select value from json_each(${p.excluded}))`);
      if (budgeted) candidates = candidates.where('estimated_cost_micros', '<=', p.budgetLeft);
      return candidates.orderBy('priority').orderBy('run_at').orderBy('key').limit(p.limit);
    }).all({
      movieId: request.movieId,
      now: request.now,
      excluded: excluding ? JSON.stringify([...excluded]) : undefined,
      budgetLeft: budgeted ? budget - committed : undefined,
      limit: wanted,
    });
    for (const row of rows) {
      if (excluded.has(row.lane)) continue;
      if (budget !== undefined && committed + row.estimated_cost_micros > budget) continue;
      const job = queries.prepared('claim.take', (p) =>
        db
          .updateTable('jobs')
          .set({
            // Every claim is an attempt; a stop or crash while the provider held the work gives it back.
            attempts: sql<number>`attempts + 1`,
            status: sql<JobStatus>`case when operation is null then 'in_progress' else 'waiting' end`,
            lease_token: sql<number>`lease_token + 1`,
            lease_owner: p.workerId,
            lease_expires_at: p.leaseExpiresAt,
            first_started_at: sql<number>`coalesce(first_started_at, ${p.now})`,
            updated_at: p.now,
          })
          .where('movie_id', '=', p.movieId)
          .where('key', '=', p.key)
          .returningAll(),
      ).first({ workerId: request.workerId, leaseExpiresAt: request.now + request.leaseMs, now: request.now, movieId: request.movieId, key: row.key })!;
      claimed.push(toJob(job));
      committed += row.estimated_cost_micros;
      const lanes = (running.get(row.lane) ?? 0) + 1;
      running.set(row.lane, lanes);
      const limit = limits[row.lane];
      if (limit !== undefined && lanes >= limit) excluded.add(row.lane);
      const perMinute = rates[row.lane];
      if (perMinute !== undefined) {
        spaceNextStart(context, row.lane, perMinute, request.now);
        excluded.add(row.lane);
      }
    }
    if (rows.length < wanted) break;
  }
  return claimed;
}
