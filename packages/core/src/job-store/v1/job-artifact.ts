/**
 * What a job makes, declared on its `JobSpec.produces` so that other stages find it by what it is
 * (`PlanContext.producerOf`), never by the name of the stage that planned it or the shape of its
 * key. A user's replacement `videos` stage that declares `{ kind: 'clip', sceneId, shotId }` is
 * found by the edit under any name. Two jobs may not declare the same artifact: planning stops with
 * a config error that names both.
 *
 * Artifacts match by value, whatever the order of their fields. The built-in kinds are listed; a
 * plugin may declare a `kind` of its own (with string or number fields) for stages of its own to
 * find.
 */
export type JobArtifact =
  /** The screenplay every later stage plans from (the enhancer's when one is configured). */
  | { kind: 'screenplay' }
  /** One view of a character's reference sheet. */
  | { kind: 'character-sheet'; characterId: string; view: 'front' | 'side' | 'full_body' }
  /** One keyframe of a shot (see `ShotContext.frame`). */
  | { kind: 'keyframe'; sceneId: string; shotId: string; frame: 'first_frame' | 'last_frame' | 'transition_frame' }
  /** A shot's clip. */
  | { kind: 'clip'; sceneId: string; shotId: string }
  /** One spoken line; `lineNumber` counts from 1 through the scene, across its shots. */
  | { kind: 'dialogue'; sceneId: string; shotId: string; lineNumber: number }
  /** The finished film. */
  | { kind: 'film' }
  /** An artifact of a plugin's own kind. */
  | { kind: string & {}; [field: string]: string | number };
