import { sql } from 'kysely';
import { callTimes } from '../store-clock.js';
import type { StoreContext } from '../store-context.js';

/**
 * Records a 429's pause of a lane for every worker and movie (`until` on the caller's clock, moved
 * onto the store's); a pause in force is never shortened.
 */
export async function pauseLane(context: StoreContext, lane: string, until: number, now: number): Promise<void> {
  const pausedUntil = callTimes(context.clock, now).at(until);
  await context.db
    .insertInto('lanes')
    .values({ lane, next_start_at: 0, paused_until: pausedUntil })
    .onConflict((conflict) => conflict.column('lane').doUpdateSet({ paused_until: sql<number>`greatest(${sql.ref('lanes.paused_until')}, excluded.paused_until)` }))
    .execute();
}
