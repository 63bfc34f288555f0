import type { StageV1 } from './stage-v1.js';

/**
 * The current Stage spec: what `pipeline.then` and the config's `stages` take. An alias of
 * `StageV1` today that will follow the newest spec, so a plugin that must keep compiling against v1
 * names `StageV1` itself.
 */
export type Stage = StageV1;
