/**
 * What a job makes, declared on its `JobSpec` so other stages find it by what it is, never by the
 * name of the stage that planned it or the shape of its key. A user's replacement `videos` stage
 * that declares `{ kind: 'clip', sceneId, shotId }` is found by the edit under any name.
 *
 * The built-in kinds are listed; a plugin may declare its own `kind` (with any string fields) for
 * stages of its own to find.
 */
export type JobArtifact =
  | { kind: 'screenplay' }
  | { kind: 'character-sheet'; characterId: string; view: 'front' | 'side' | 'full_body' }
  | { kind: 'keyframe'; sceneId: string; shotId: string; frame: 'first_frame' | 'last_frame' | 'transition_frame' }
  | { kind: 'clip'; sceneId: string; shotId: string }
  | { kind: 'dialogue'; sceneId: string; shotId: string; lineNumber: number }
  | { kind: 'film' }
  | { kind: string & {}; [field: string]: string | number };
