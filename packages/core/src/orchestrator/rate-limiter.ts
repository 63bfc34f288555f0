/**
 * Requests-per-minute per lane as a token bucket that refills continuously, plus a "blocked until"
 * time set when a provider answers 429 with Retry-After.
 */
export class LaneRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; updatedAt: number; perMs: number; capacity: number }>();
  private readonly blockedUntil = new Map<string, number>();

  constructor(requestsPerMinute: Record<string, number | undefined>, now: number) {
    for (const [lane, perMinute] of Object.entries(requestsPerMinute)) {
      if (perMinute === undefined || perMinute <= 0) continue;
      // Capacity 1 keeps any 60 s window within the limit (+1 for the first request).
      this.buckets.set(lane, { tokens: 1, updatedAt: now, perMs: perMinute / 60_000, capacity: 1 });
    }
  }

  private refill(lane: string, now: number) {
    const bucket = this.buckets.get(lane);
    if (!bucket) return undefined;
    bucket.tokens = Math.min(bucket.capacity, bucket.tokens + (now - bucket.updatedAt) * bucket.perMs);
    bucket.updatedAt = now;
    return bucket;
  }

  /** Lanes that may not start a request now. */
  blockedLanes(now: number): string[] {
    const blocked: string[] = [];
    for (const lane of new Set([...this.buckets.keys(), ...this.blockedUntil.keys()])) {
      if (this.readyAt(lane, now) > now) blocked.push(lane);
    }
    return blocked;
  }

  /** How many requests the most constrained unblocked, rate-limited lane allows now (Infinity without limits). */
  headroom(now: number): number {
    let least = Infinity;
    for (const lane of this.buckets.keys()) {
      if (this.readyAt(lane, now) > now) continue;
      least = Math.min(least, Math.floor(this.refill(lane, now)!.tokens));
    }
    return least;
  }

  take(lane: string, now: number) {
    const bucket = this.refill(lane, now);
    if (bucket) bucket.tokens -= 1;
  }

  block(lane: string, until: number) {
    this.blockedUntil.set(lane, Math.max(until, this.blockedUntil.get(lane) ?? 0));
  }

  /** When the lane may next start a request. */
  readyAt(lane: string, now: number): number {
    let at = this.blockedUntil.get(lane) ?? 0;
    const bucket = this.refill(lane, now);
    if (bucket && bucket.tokens < 1) at = Math.max(at, now + (1 - bucket.tokens) / bucket.perMs);
    return at;
  }
}
