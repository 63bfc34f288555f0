import { jobEventMark, storeEventTypeOf } from './store-event-type-of.js';
import type { JobEventMark } from './store-event-type-of.js';
import type { Job, MovieRecord, StoreEvent, StoreEventQuery, StoreEventType, WebhookDelivery, WebhookDeliveryOutcome, WebhookLeaseRequest } from './v1/index.js';

/**
 * The event log and webhook deliveries of a `MemoryJobStore`. One process owns the store and its
 * calls run one after another, so the log records a call's job changes by comparing each job with
 * what it last recorded, before the next call changes anything (every call that writes starts with
 * `record`) and before any read of the log.
 */
export class MemoryEventLog {
  private readonly events: StoreEvent[] = [];
  /**
   * What the log last recorded of each job, by the job object (the store changes its jobs in place
   * and never replaces one), so that a pass allocates only for the jobs that changed.
   */
  private readonly marks = new WeakMap<Job, JobEventMark>();
  private readonly deliveries = new Map<string, WebhookDelivery>();

  constructor(private readonly jobs: ReadonlyMap<string, ReadonlyMap<string, Job>>) {}

  /** Appends the events of every job change since the last call. */
  record(): void {
    for (const jobs of this.jobs.values()) {
      for (const job of jobs.values()) {
        const mark = this.marks.get(job);
        if (mark && mark.status === job.status && mark.held === job.held && mark.take === job.take && mark.leaseToken === job.leaseToken && mark.errorCount === job.errors.length) continue;
        const next = jobEventMark(job);
        this.marks.set(job, next);
        const type = storeEventTypeOf(mark, next);
        if (type !== undefined) this.append(type, job.movieId, job, job.updatedAt);
      }
    }
  }

  movieCreated(movie: MovieRecord): void {
    this.record();
    this.append('movie.created', movie.id, undefined, movie.createdAt);
  }

  runEnded(movie: MovieRecord): void {
    this.record();
    const status = (movie.state as { status?: unknown } | null)?.status;
    this.append('movie.run_ended', movie.id, undefined, movie.updatedAt, typeof status === 'string' ? status : null);
  }

  list({ after, movieId, limit = 1000 }: StoreEventQuery): StoreEvent[] {
    this.record();
    const found: StoreEvent[] = [];
    for (let index = Math.max(0, after); index < this.events.length && found.length < limit; index++) {
      const event = this.events[index]!;
      if (movieId === undefined || event.movieId === movieId) found.push({ ...event });
    }
    return found;
  }

  lastSeq(movieId?: string): number {
    this.record();
    if (movieId === undefined) return this.events.length;
    return this.events.findLast((event) => event.movieId === movieId)?.seq ?? 0;
  }

  lease({ webhookId, owner, leaseMs, now, takeOverFrom }: WebhookLeaseRequest): WebhookDelivery {
    this.record();
    let delivery = this.deliveries.get(webhookId);
    if (!delivery) {
      delivery = { webhookId, deliveredSeq: this.events.length, attempts: 0, nextAttemptAt: now, lastError: null, deliveredAt: null, owner: null, leaseExpiresAt: null };
      this.deliveries.set(webhookId, delivery);
    }
    const free = delivery.owner === null || delivery.owner === owner || delivery.owner === takeOverFrom || (delivery.leaseExpiresAt ?? 0) <= now;
    if (free) Object.assign(delivery, { owner, leaseExpiresAt: now + leaseMs });
    return { ...delivery };
  }

  recordDelivery(webhookId: string, owner: string, outcome: WebhookDeliveryOutcome, now: number): boolean {
    const delivery = this.deliveries.get(webhookId);
    if (!delivery || delivery.owner !== owner) return false;
    if ('deliveredSeq' in outcome) {
      Object.assign(delivery, { deliveredSeq: Math.max(delivery.deliveredSeq, outcome.deliveredSeq), attempts: 0, nextAttemptAt: now, lastError: null, deliveredAt: now });
    } else {
      Object.assign(delivery, { attempts: delivery.attempts + 1, nextAttemptAt: outcome.nextAttemptAt, lastError: outcome.error });
    }
    return true;
  }

  private append(type: StoreEventType, movieId: string, job: Job | undefined, at: number, status: string | null = job?.status ?? null) {
    const failed = type === 'job.failed' || type === 'job.attempt_failed';
    this.events.push({
      seq: this.events.length + 1,
      type,
      movieId,
      jobKey: job?.key ?? null,
      stage: job?.stage ?? null,
      status,
      attempts: job?.attempts ?? null,
      costUsd: job?.costUsd ?? null,
      error: failed ? (job?.errors.at(-1)?.message ?? null) : null,
      at,
    });
  }
}
