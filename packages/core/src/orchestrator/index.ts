export * from './backoff.js';
export type * from './events.js';
export type * from './orchestrator-options.js';
export { MovieRun, screenplayJobKey, type MovieRunResult } from './movie-run.js';
export { LaneRateLimiter } from './rate-limiter.js';
