import { describe, expect, it } from 'vitest';
import { CinemaError } from '../errors/index.js';
import { defaultRetryPolicy } from './backoff.js';
import { decideFailure, type FailureDecisionInput } from './failure-decision.js';

const now = 1_000_000;
function decide(overrides: Partial<FailureDecisionInput> & { error: CinemaError }) {
  return decideFailure({
    job: { attempts: 1, maxAttempts: 3, firstStartedAt: now - 1000 },
    operation: 'none',
    now,
    retry: { ...defaultRetryPolicy, initialDelayMs: 100, maxDelayMs: 1000 },
    deadlineMs: 60_000,
    random: () => 1,
    ...overrides,
  });
}
const network = new CinemaError({ message: 'download broke off', category: 'network', isRetryable: true });

describe('decideFailure', () => {
  it('retries a retryable error with backoff, consuming the attempt and dropping nothing saved', () => {
    expect(decide({ error: network })).toEqual({ retryAt: now + 100, delayMs: 100, consumeAttempt: true, keepOperation: false, rateLimited: false });
  });

  it('keeps the saved operation when the provider holds the work: the retry fetches, it does not pay again', () => {
    expect(decide({ error: network, operation: 'saved' })).toMatchObject({ retryAt: now + 100, keepOperation: true });
    const badFile = new CinemaError({ message: 'returned text/html', category: 'invalid_response', isRetryable: true });
    expect(decide({ error: badFile, operation: 'saved' })).toMatchObject({ keepOperation: true });
  });

  it('drops an operation the provider failed or lost', () => {
    const gone = new CinemaError({ message: 'HTTP 404', category: 'not_found', isRetryable: true });
    expect(decide({ error: gone, operation: 'discarded' })).toMatchObject({ retryAt: now + 100, keepOperation: false });
  });

  it('gives a 429 its attempt back and waits at least Retry-After', () => {
    const limited = new CinemaError({ message: '429', category: 'rate_limit', isRetryable: true, retryAfterMs: 5000 });
    expect(decide({ error: limited, job: { attempts: 3, maxAttempts: 3, firstStartedAt: now } })).toEqual({
      retryAt: now + 5000,
      delayMs: 5000,
      consumeAttempt: false,
      keepOperation: false,
      rateLimited: true,
    });
  });

  it('fails for good when out of attempts, not retryable, or past the deadline', () => {
    expect(decide({ error: network, job: { attempts: 3, maxAttempts: 3, firstStartedAt: now } }).retryAt).toBeNull();
    expect(decide({ error: new CinemaError({ message: 'policy', category: 'content_policy' }) }).retryAt).toBeNull();
    expect(decide({ error: network, job: { attempts: 1, maxAttempts: 3, firstStartedAt: now - 60_000 } }).retryAt).toBeNull();
  });

  it('on a final failure keeps saved work only when fetching it may still succeed later', () => {
    const outOfAttempts = { attempts: 3, maxAttempts: 3, firstStartedAt: now };
    expect(decide({ error: network, operation: 'saved', job: outOfAttempts })).toMatchObject({ retryAt: null, keepOperation: true });
    const badFile = new CinemaError({ message: 'empty file', category: 'invalid_response', isRetryable: true });
    expect(decide({ error: badFile, operation: 'saved', job: outOfAttempts })).toMatchObject({ retryAt: null, keepOperation: false });
    expect(decide({ error: network, operation: 'saved', job: { attempts: 1, maxAttempts: 3, firstStartedAt: now - 60_000 } })).toMatchObject({ keepOperation: false });
  });
});
