import { sql } from 'kysely';
import type { StoreContext } from '../store-context.js';

/**
 * Pending jobs count their unfinished dependencies again: those named, or every pending job of the
 * movie (after jobs changed status outside a run: a re-plan, a retirement, a take picked). Must run
 * inside the caller's transaction. The parents are share-locked first, so a completion being
 * committed right now is waited for and seen, and none can commit until the counts are in: the
 * count and `complete`'s decrement never miss each other.
 */
export async function recountDependencies(context: StoreContext, movieId: string, keys?: readonly string[]): Promise<void> {
  const { db } = context;
  let counted = db.selectFrom('jobs').where('movie_id', '=', movieId).where('status', '=', 'pending');
  if (keys !== undefined) {
    if (keys.length === 0) return;
    counted = counted.where('key', '=', sql<string>`any(${keys}::text[])`);
  }
  await db
    .selectFrom('jobs as parent')
    .select('parent.key')
    .where('parent.movie_id', '=', movieId)
    .where('parent.key', 'in', counted.select(sql<string>`unnest(depends_on)`.as('key')))
    .orderBy('parent.key')
    .forShare()
    .execute();
  const unfinished = counted.select([
    'key',
    sql<number>`(select count(*) from unnest(${sql.ref('jobs.depends_on')}) as dependency(key)
      where not exists (select 1 from ${sql.table('jobs')} as parent where parent.movie_id = ${sql.ref('jobs.movie_id')} and parent.key = dependency.key and parent.status = 'completed'))`.as('unfinished'),
  ]);
  await db
    .updateTable('jobs')
    .from(unfinished.as('counted'))
    .set({ pending_dependencies: sql<number>`counted.unfinished` })
    .where('jobs.movie_id', '=', movieId)
    .whereRef('jobs.key', '=', 'counted.key')
    .where('jobs.status', '=', 'pending')
    .where(sql<boolean>`jobs.pending_dependencies <> counted.unfinished`)
    .execute();
}
