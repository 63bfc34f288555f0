export type * from './v1/index.js';
export { defaultImageCapabilities, defaultVideoCapabilities, resolveImageCapabilities, resolveVideoCapabilities } from './resolve-capabilities.js';
export * from './fallback-models.js';
