export * from './job-store-conformance.js';
export * from './fake-provider.js';
export * from './fake-post-production.js';
export * from './provider-conformance.js';
export { ManualClock } from './manual-clock.js';
export * from './asset-store-conformance.js';
