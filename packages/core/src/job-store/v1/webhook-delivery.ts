/**
 * Where one webhook's delivery stands, kept in the store so that deliveries survive a crash and
 * several processes on one store send each event once between them: the process holding the
 * webhook's lease sends, in log order, the events after `deliveredSeq`.
 */
export interface WebhookDelivery {
  /** The webhook's id, as the deliverer names it (core: derived from its URL). */
  webhookId: string;
  /**
   * Every event up to this `seq` was delivered (or skipped, not being one the webhook asked for).
   * A webhook the store had not seen starts at the end of the log: it is sent what happens from
   * then on, not the store's history.
   */
  deliveredSeq: number;
  /** Failed attempts at the next event since the last delivery; 0 after a success. */
  attempts: number;
  /** No attempt before this time (ms since the epoch): the backoff after a failure. */
  nextAttemptAt: number;
  /** Why the last attempt failed, e.g. `HTTP 500`; null after a success. */
  lastError: string | null;
  /** When an event was last delivered; null before the first. */
  deliveredAt: number | null;
  /** Who holds the lease, which `leaseWebhook` gave its caller when this is the caller's `owner`; null when no one does. */
  owner: string | null;
  /** When the lease runs out unless its owner takes it again; null when no one holds it. */
  leaseExpiresAt: number | null;
}

/** What a deliverer asks `leaseWebhook` for. */
export interface WebhookLeaseRequest {
  webhookId: string;
  /** Who delivers, e.g. `{host}:{pid}:{random}`. */
  owner: string;
  /** How long the lease lasts unless taken again by the same owner, in ms. */
  leaseMs: number;
  now: number;
  /**
   * An owner known to be dead (a process of this host that no longer exists): its lease is taken at
   * once, as if it had run out. Default: none.
   */
  takeOverFrom?: string;
}

/** What a delivery attempt came to, for `recordWebhookDelivery`. */
export type WebhookDeliveryOutcome =
  /** Every event up to `deliveredSeq` is delivered or skipped. */
  | { deliveredSeq: number }
  /** The attempt at the next event failed: try again at `nextAttemptAt`. */
  | { error: string; nextAttemptAt: number };
