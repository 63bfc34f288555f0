import { describe, expect, it } from 'vitest';
import { defaultRetryPolicy, retryDelay } from './backoff.js';
import { LaneRateLimiter } from './rate-limiter.js';
import { chooseDuration, chooseMode } from '../stages/video-generator.js';
import { keyframesFor } from '../stages/keyframe-generator.js';
import { parseRetryAfter } from '../errors/index.js';

describe('retryDelay', () => {
  it('grows exponentially with jitter, caps, and never undercuts Retry-After', () => {
    const policy = { ...defaultRetryPolicy, initialDelayMs: 100, maxDelayMs: 1000 };
    expect(retryDelay(1, policy, undefined, () => 0)).toBe(50);
    expect(retryDelay(1, policy, undefined, () => 1)).toBe(100);
    expect(retryDelay(3, policy, undefined, () => 1)).toBe(400);
    expect(retryDelay(10, policy, undefined, () => 1)).toBe(1000);
    expect(retryDelay(1, policy, 5000, () => 1)).toBe(5000);
  });

  it('parses Retry-After as seconds or a date', () => {
    expect(parseRetryAfter('2', 0)).toBe(2000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});

describe('LaneRateLimiter', () => {
  it('allows requestsPerMinute starts per minute and blocks a lane after a 429', () => {
    const limiter = new LaneRateLimiter({ fal: 60 }, 0);
    expect(limiter.blockedLanes(0)).toEqual([]);
    limiter.take('fal', 0);
    expect(limiter.blockedLanes(0)).toEqual(['fal']);
    expect(limiter.readyAt('fal', 0)).toBe(1000);
    expect(limiter.blockedLanes(1000)).toEqual([]);
    limiter.block('other', 5000);
    expect(limiter.blockedLanes(1000)).toEqual(['other']);
    // Over 10 simulated minutes at one attempt per 10 ms, starts stay within the limit (+1 for the first).
    const fresh = new LaneRateLimiter({ fal: 30 }, 0);
    let starts = 0;
    for (let now = 0; now < 600_000; now += 10) {
      if (!fresh.blockedLanes(now).includes('fal')) {
        fresh.take('fal', now);
        starts++;
      }
    }
    expect(starts).toBeLessThanOrEqual(301);
    expect(starts).toBeGreaterThanOrEqual(299);
  });
});

describe('video strategy', () => {
  it('chooses the mode per shot from what the model supports and which frames exist', () => {
    expect(chooseMode(['text-to-video', 'image-to-video', 'first-last-frame'], true, true)).toBe('first-last-frame');
    expect(chooseMode(['text-to-video', 'image-to-video'], true, true)).toBe('image-to-video');
    expect(chooseMode(['text-to-video', 'image-to-video'], false, false)).toBe('text-to-video');
    expect(chooseMode(['image-to-video'], true, false)).toBe('image-to-video');
  });

  it('asks for the shortest duration that covers the shot', () => {
    expect(chooseDuration(4.2, [5, 10])).toBe(5);
    expect(chooseDuration(12, [5, 10])).toBe(10);
    expect(chooseDuration(5, [10, 5])).toBe(5);
  });

  it('draws only the keyframes the video model can use', () => {
    const shot = { id: 'shot_1', description: 'x', camera: 'c', durationSeconds: 2, dialogue: [], transition: 'crossfade' as const };
    expect(keyframesFor(shot, false, ['text-to-video'])).toEqual([]);
    expect(keyframesFor(shot, false, ['image-to-video'])).toEqual(['first_frame']);
    expect(keyframesFor(shot, false, ['first-last-frame'])).toEqual(['first_frame', 'last_frame', 'transition_frame']);
    expect(keyframesFor(shot, true, ['first-last-frame'])).toEqual(['first_frame', 'last_frame']);
  });
});
