import type { JobLease, JobStoreV1 } from '../job-store/v1/index.js';
import type { Clock } from '../util/clock.js';

interface HeldLease {
  lease: JobLease;
  onLost: () => void;
}

/**
 * Keeps every lease this process holds alive with one timer on the injected clock (BullMQ's lock
 * manager, not a timer per job): every `intervalMs` it heartbeats all of them, and a lease the store
 * no longer honours (another worker took the job over, or it was cancelled) calls its `onLost`.
 */
export class LeaseKeeper {
  private readonly held = new Map<string, HeldLease>();
  private readonly stopController = new AbortController();
  private loop: Promise<void> | undefined;

  constructor(
    private readonly store: JobStoreV1,
    private readonly clock: Clock,
    private readonly leaseMs: number,
    /** Default: a third of the lease, so two heartbeats can fail before it lapses. */
    private readonly intervalMs = Math.max(10, leaseMs / 3),
  ) {}

  /** Starts keeping `lease`; `onLost` is called once if the store refuses it. */
  hold(lease: JobLease, onLost: () => void) {
    this.held.set(lease.key, { lease, onLost });
    this.loop ??= this.run();
  }

  release(key: string) {
    this.held.delete(key);
  }

  /** Heartbeats every held lease once; exported for tests, called by the loop. */
  async beat(): Promise<void> {
    const now = this.clock.now();
    await Promise.all(
      [...this.held.values()].map(async (entry) => {
        let alive: boolean;
        try {
          alive = await this.store.heartbeat(entry.lease, this.leaseMs, now);
        } catch {
          // A store hiccup is not a lost lease: the next beat tries again, well before it lapses.
          return;
        }
        if (alive || this.held.get(entry.lease.key) !== entry) return;
        this.held.delete(entry.lease.key);
        entry.onLost();
      }),
    );
  }

  async stop(): Promise<void> {
    this.stopController.abort();
    await this.loop;
  }

  private async run() {
    const signal = this.stopController.signal;
    while (!signal.aborted) {
      try {
        await this.clock.sleep(this.intervalMs, signal);
      } catch {
        return;
      }
      await this.beat();
    }
  }
}
