import { randomUUID } from 'node:crypto';
import type { JobStoreV1, StoreEvent, WebhookDelivery } from '../job-store/v1/index.js';
import { retryDelay } from '../orchestrator/backoff.js';
import { isDeadWorker, newWorkerId } from '../orchestrator/dead-workers.js';
import { sha256 } from '../util/hash.js';
import { systemClock } from '../util/clock.js';
import type { Clock } from '../util/clock.js';
import { wantsEvent } from './webhook-config.js';
import type { WebhookConfig } from './webhook-config.js';
import { webhookMessage } from './webhook-message.js';
import { signWebhook } from './sign-webhook.js';

/** Settings of a {@link WebhookDeliverer}. */
export interface WebhookDelivererOptions {
  /** The store whose event log is sent. */
  store: JobStoreV1;
  webhooks: readonly WebhookConfig[];
  /** Default: the system clock. */
  clock?: Clock;
  /** Default: the global `fetch`. */
  fetch?: typeof globalThis.fetch;
  /** Who sends, for the store's webhook leases. Default: `{host}:{pid}:{random}`. */
  owner?: string;
  /** How often the log is read when everything was sent. Default: 500 ms. */
  pollMs?: number;
  /**
   * How long a webhook's lease lasts unless renewed (every pass, and before each POST a second or
   * more after the last renewal). A sender of this host that died loses it at once to the next
   * deliverer; one on another machine, once it runs out. Default: 15,000 ms.
   */
  leaseMs?: number;
  /** How long one POST may take before it counts as failed. Default: 10,000 ms. */
  requestTimeoutMs?: number;
  /**
   * The wait after a failed POST: exponential with jitter, doubling from `initialDelayMs` up to
   * `maxDelayMs`, never shorter than the receiver's Retry-After. Attempts never run out: an event is
   * sent until the receiver takes it (at least once). Default: 1,000 ms to 300,000 ms.
   */
  backoff?: { initialDelayMs?: number; maxDelayMs?: number };
  /** Told of a failed POST or a store error; delivery carries on. Default: none. */
  onError?: (problem: { webhook: string; message: string }) => void;
}

/** One POST's outcome: taken (any 2xx), or why not and how long the receiver asked to wait. */
type Attempt = { ok: true } | { ok: false; error: string; retryAfterMs?: number };

const pageSize = 100;

/**
 * Sends the store's events to the configured webhooks, each in log order and at least once,
 * signed per Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature`). Where
 * each webhook stands lives in the store (`leaseWebhook`, `recordWebhookDelivery`), so a killed
 * sender loses nothing, and of several processes on one store (`cinema serve`, a `cinema generate`)
 * one sends each webhook at a time. An event may be sent again after a crash between the POST and
 * its record: receivers de-duplicate by `webhook-id`.
 */
export class WebhookDeliverer {
  private readonly clock: Clock;
  private readonly fetch: typeof globalThis.fetch;
  private readonly owner: string;
  private readonly pollMs: number;
  private readonly leaseMs: number;
  private readonly requestTimeoutMs: number;
  private readonly backoff: { maxAttempts: number; initialDelayMs: number; maxDelayMs: number };
  private readonly stopping = new AbortController();
  private running: Promise<void> | undefined;

  constructor(private readonly options: WebhookDelivererOptions) {
    this.clock = options.clock ?? systemClock;
    this.fetch = options.fetch ?? globalThis.fetch;
    this.owner = options.owner ?? newWorkerId(randomUUID().slice(0, 8));
    this.pollMs = options.pollMs ?? 500;
    this.leaseMs = options.leaseMs ?? 15_000;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
    this.backoff = { maxAttempts: Number.POSITIVE_INFINITY, initialDelayMs: options.backoff?.initialDelayMs ?? 1_000, maxDelayMs: options.backoff?.maxDelayMs ?? 300_000 };
  }

  /** The id the store keeps a webhook's delivery under: from its URL, so a changed URL starts afresh. */
  static webhookId(webhook: Pick<WebhookConfig, 'url'>): string {
    return `hook_${sha256(webhook.url).slice(0, 16)}`;
  }

  /**
   * Takes the webhooks' leases (a webhook new to the store starts at the end of its log, so start
   * the deliverer before the run it reports on writes anything), then delivers in the background
   * until `stop`.
   */
  async start(): Promise<void> {
    if (this.running) return;
    await this.deliverDue();
    this.running = this.loop();
  }

  /**
   * Stops delivering: first, for up to `drainMs`, sends what is due, so the last events of a run
   * reach a receiver that takes them. What is left is sent by the next deliverer on the store.
   * Default `drainMs`: 0.
   */
  async stop(options: { drainMs?: number } = {}): Promise<void> {
    const deadline = this.clock.now() + (options.drainMs ?? 0);
    this.stopping.abort();
    await this.running;
    while (this.clock.now() < deadline && !(await this.deliverDue())) await this.clock.sleep(Math.min(this.pollMs, Math.max(0, deadline - this.clock.now())));
  }

  /** One pass over every webhook; true when each has nothing left that is due (or another process sends it). */
  async deliverDue(): Promise<boolean> {
    const results = await Promise.all(this.options.webhooks.map((webhook) => this.deliverTo(webhook)));
    return results.every(Boolean);
  }

  private async loop(): Promise<void> {
    while (!this.stopping.signal.aborted) {
      const caughtUp = await this.deliverDue();
      try {
        await this.clock.sleep(caughtUp ? this.pollMs : Math.min(this.pollMs, 50), this.stopping.signal);
      } catch {
        return;
      }
    }
  }

  private async deliverTo(webhook: WebhookConfig): Promise<boolean> {
    const webhookId = WebhookDeliverer.webhookId(webhook);
    try {
      const delivery = await this.lease(webhookId);
      if (delivery.owner !== this.owner) return true;
      if (delivery.nextAttemptAt > this.clock.now()) return false;
      const events = await this.options.store.listEvents({ after: delivery.deliveredSeq, limit: pageSize });
      let leasedAt = this.clock.now();
      let skippedTo: number | undefined;
      for (const event of events) {
        if (!wantsEvent(webhook, event.type)) {
          skippedTo = event.seq;
          continue;
        }
        if (this.clock.now() - leasedAt > Math.min(1_000, this.leaseMs / 3)) {
          if ((await this.lease(webhookId)).owner !== this.owner) return true;
          leasedAt = this.clock.now();
        }
        const attempt = await this.send(webhook, event);
        if (!attempt.ok) {
          if (skippedTo !== undefined) await this.record(webhookId, { deliveredSeq: skippedTo });
          const delayMs = retryDelay(delivery.attempts + 1, this.backoff, attempt.retryAfterMs);
          this.options.onError?.({ webhook: webhook.url, message: `could not deliver ${event.type} (seq ${event.seq}): ${attempt.error}; next attempt in ${Math.round(delayMs)} ms` });
          await this.record(webhookId, { error: attempt.error, nextAttemptAt: this.clock.now() + delayMs });
          return false;
        }
        skippedTo = undefined;
        if (!(await this.record(webhookId, { deliveredSeq: event.seq }))) return true;
      }
      if (skippedTo !== undefined) await this.record(webhookId, { deliveredSeq: skippedTo });
      return events.length < pageSize;
    } catch (error) {
      this.options.onError?.({ webhook: webhook.url, message: `the job store failed: ${(error as Error).message}` });
      return false;
    }
  }

  /** Takes or keeps the webhook's lease; a sender of this host that was killed loses it at once. */
  private async lease(webhookId: string): Promise<WebhookDelivery> {
    const request = { webhookId, owner: this.owner, leaseMs: this.leaseMs, now: this.clock.now() };
    const delivery = await this.options.store.leaseWebhook(request);
    if (delivery.owner === null || delivery.owner === this.owner || !isDeadWorker(delivery.owner)) return delivery;
    return this.options.store.leaseWebhook({ ...request, takeOverFrom: delivery.owner });
  }

  private record(webhookId: string, outcome: { deliveredSeq: number } | { error: string; nextAttemptAt: number }): Promise<boolean> {
    return this.options.store.recordWebhookDelivery(webhookId, this.owner, outcome, this.clock.now());
  }

  private async send(webhook: WebhookConfig, event: StoreEvent): Promise<Attempt> {
    const message = webhookMessage(event);
    const timestamp = Math.floor(this.clock.now() / 1000);
    try {
      const response = await this.fetch(webhook.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'cinema-webhooks',
          'webhook-id': message.id,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signWebhook(webhook.secret, message.id, timestamp, message.body),
        },
        body: message.body,
        signal: AbortSignal.timeout(this.requestTimeoutMs),
      });
      // The body is not needed; reading it frees the connection.
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) return { ok: true };
      return { ok: false, error: `HTTP ${response.status}`, retryAfterMs: retryAfterMs(response.headers.get('retry-after'), this.clock.now()) };
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      return { ok: false, error: cause?.code ?? cause?.message ?? (error as Error).message };
    }
  }
}

/** Retry-After in seconds or as an HTTP date, in ms from `now`. */
function retryAfterMs(header: string | null, now: number): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
