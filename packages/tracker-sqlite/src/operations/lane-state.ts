import type { ClaimRequest } from '@cinema/core';
import { sql } from 'kysely';
import type { StoreContext } from '../store-context.js';

/**
 * Records a 429's pause of a lane for every process and movie; a pause in force is never shortened.
 * Returns nothing: the pause is a hint to claims, not a change of any job.
 */
export function pauseLane(context: StoreContext, lane: string, until: number): void {
  const { db, queries } = context;
  queries.run(
    db
      .insertInto('lanes')
      .values({ lane, next_start_at: 0, paused_until: until })
      .onConflict((conflict) => conflict.column('lane').doUpdateSet({ paused_until: sql<number>`max(paused_until, excluded.paused_until)` })),
  );
}

/**
 * The lanes a claim at `request.now` must pass over because of their shared state: paused ones,
 * and rate-limited ones whose next start has not come. Read inside the claim's write transaction.
 */
export function closedLanes(context: StoreContext, request: ClaimRequest): string[] {
  const { db, queries } = context;
  const rated = Object.keys(request.laneRequestsPerMinute ?? {});
  // Prepared: every claim asks, and the lanes table holds a row per provider at most.
  const rows = queries.prepared('claim.closed-lanes', (p) =>
    db
      .selectFrom('lanes')
      .select('lane')
      .where((where) =>
        where.or([
          where('paused_until', '>', p.now),
          where.and([where('lane', 'in', sql<string>`(select value from json_each(${p.rated}))`), where('next_start_at', '>', p.now)]),
        ]),
      ),
  ).all({ now: request.now, rated: JSON.stringify(rated) });
  return rows.map((row) => row.lane);
}

/** A rate-limited lane started a claim at `now`: its next may start one interval later. */
export function spaceNextStart(context: StoreContext, lane: string, perMinute: number, now: number): void {
  const { db, queries } = context;
  const next = now + Math.ceil(60_000 / perMinute);
  queries.run(
    db
      .insertInto('lanes')
      .values({ lane, next_start_at: next, paused_until: 0 })
      .onConflict((conflict) => conflict.column('lane').doUpdateSet({ next_start_at: next })),
  );
}
