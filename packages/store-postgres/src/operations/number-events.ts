import { sql } from 'kysely';
import type { StoreContext } from '../store-context.js';

/** With the schema's hash, names the advisory lock that readers number events under. Writers never take it. */
const numberingLock = 1164866887;

/**
 * Gives a `seq` to every event that has committed and has none, so that a read by `seq` after it
 * sees them. The triggers append events unnumbered, with no lock, so writers never wait for each
 * other (see the `0004` migration); readers call this before they read the log.
 *
 * Why a number, once read, is never followed by an event below it: the update sees committed rows
 * only, and numbers are handed out under one lock that only readers take, consecutively after the
 * highest seq, by a statement that starts once the lock is held and so sees every number given
 * before. An event whose transaction is still open is not visible here and waits, unnumbered; when
 * it commits, the next reader numbers it after everything numbered so far. So a transaction left
 * open for an hour holds back its own events only, and none is lost.
 *
 * Events that committed since the last numbering are numbered in the order of their ids. The id is
 * drawn in the trigger, after the row changed and while the transaction holds the row's lock, from
 * a sequence that hands out its values in the order they are asked for (one without a cache, as
 * created): a change made after another transaction's commit, because it waited for that
 * transaction's row or began after it, has a higher id than every event of that transaction. So
 * each job's and movie's events are in the order of its changes, as a reader saw them committed.
 * (Numbering only the events of transactions older than the snapshot's xmin, in transaction id
 * order, would hold every event back behind any long transaction on the server, and would put a
 * change before an earlier one to the same job when its transaction had started first.)
 */
export async function numberCommittedEvents(context: StoreContext): Promise<void> {
  const waiting = await context.db.selectFrom('events').select('id').where('seq', 'is', null).limit(1).executeTakeFirst();
  if (waiting === undefined) return;
  const events = sql.id(context.schema, 'events');
  // Read committed whatever the database's default: the update must see what the last reader
  // numbered before the lock was released.
  await context.db
    .transaction()
    .setIsolationLevel('read committed')
    .execute(async (db) => {
      await sql`select pg_advisory_xact_lock(hashtext(${context.schema}), ${numberingLock})`.execute(db);
      await sql`
        update ${events} as entry set seq = numbered.seq
        from (
          select id, (select coalesce(max(seq), 0) from ${events}) + row_number() over (order by id) as seq
          from ${events} where seq is null
        ) numbered
        where entry.id = numbered.id and entry.seq is null`.execute(db);
    });
}
