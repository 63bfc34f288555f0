/**
 * The PostProduction spec, version 1: the type an editor plugin implements (`PostProductionV1`) and
 * the edit it is asked for. Types only. A change that would break a v1 editor goes into a new `v2`
 * folder instead.
 */
export type * from './edit-dialogue.js';
export type * from './edit-shot.js';
export type * from './edit-card.js';
export type * from './edit-request.js';
export type * from './edit-result.js';
export type * from './post-production-event.js';
export type * from './post-production-v1.js';
