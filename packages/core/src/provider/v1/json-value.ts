/**
 * Any value that survives `JSON.stringify` and `JSON.parse` unchanged: what a job store can keep.
 *
 * Everything core persists for a plugin is a `JsonValue`: a job's `input` and `result`, a provider
 * operation (`StartedOperation.operation`) and the movie's saved state. A store may write it as
 * text and read it back in another process, so `undefined`, functions, class instances, `Date`s,
 * `Map`s, `NaN` and `Infinity` must not appear in it.
 */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
