import type { Job, StoreEventType } from './v1/index.js';

/** The fields of a job that decide which event a change of it is. */
export type JobEventMark = Pick<Job, 'status' | 'held' | 'take' | 'leaseToken'> & { errorCount: number };

export function jobEventMark(job: Job): JobEventMark {
  return { status: job.status, held: job.held, take: job.take, leaseToken: job.leaseToken, errorCount: job.errors.length };
}

const leased = new Set(['in_progress', 'waiting']);

/**
 * The event a change of a job from `before` (undefined: it is new) to `after` appends to the log,
 * or undefined for a change with none (a heartbeat, a recount of its dependencies, a new input
 * while pending). Every store follows these rules; the SQL stores say the same in their triggers,
 * and the conformance suite checks that they agree.
 */
export function storeEventTypeOf(before: JobEventMark | undefined, after: JobEventMark): StoreEventType | undefined {
  if (before === undefined) return 'job.created';
  if (before.status !== after.status) {
    if (before.status === 'retired') return 'job.restored';
    if (leased.has(after.status) && after.leaseToken > before.leaseToken) return 'job.claimed';
    switch (after.status) {
      case 'waiting':
        return 'job.submitted';
      case 'completed':
        return 'job.completed';
      case 'failed':
        return 'job.failed';
      case 'cancelled':
        return 'job.cancelled';
      case 'retired':
        return 'job.retired';
      case 'pending':
        if (!leased.has(before.status)) return 'job.retried';
        return after.errorCount > before.errorCount ? 'job.attempt_failed' : 'job.released';
      default:
        return undefined;
    }
  }
  if (before.held && !after.held) return 'job.approved';
  if (!before.held && after.held) return 'job.held';
  if (after.status === 'completed' && after.take !== before.take) return 'job.completed';
  return undefined;
}
