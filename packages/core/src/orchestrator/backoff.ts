export interface RetryPolicy {
  /** Default: 3. Applies to jobs that do not set their own. */
  maxAttempts: number;
  /** Default: 1,000 ms. */
  initialDelayMs: number;
  /** Default: 60,000 ms. */
  maxDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 3, initialDelayMs: 1_000, maxDelayMs: 60_000 };

/**
 * Exponential backoff with "equal jitter" (half fixed, half random), never shorter than what the
 * server asked for with Retry-After.
 */
export function retryDelay(attempt: number, policy: RetryPolicy, retryAfterMs: number | undefined, random = Math.random): number {
  const exponential = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.max(0, attempt - 1));
  const jittered = exponential / 2 + random() * (exponential / 2);
  return Math.max(jittered, retryAfterMs ?? 0);
}
