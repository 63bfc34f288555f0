/** Job keys of the built-in stages: stable, readable, and what `cinema retry --job` takes. */
export const jobKeys = {
  /** The film's title, logline and look. */
  screenplayOverview: 'screenplay:overview',
  /** One scene's shot list, written from that scene's text alone. */
  sceneBreakdown: (sceneId: string) => `screenplay:${sceneId}`,
  screenplay: 'screenplay',
  character: (characterId: string, view: CharacterView) => `character:${characterId}:${view}`,
  keyframe: (sceneId: string, shotId: string, frame: KeyframeKind) => `keyframe:${sceneId}:${shotId}:${frame}`,
  video: (sceneId: string, shotId: string) => `video:${sceneId}:${shotId}`,
  line: (sceneId: string, lineNumber: number) => `speech:${sceneId}:line_${lineNumber}`,
  edit: 'edit',
};

export type CharacterView = 'front' | 'side' | 'full_body';
export const characterViews: readonly CharacterView[] = ['front', 'side', 'full_body'];

export type KeyframeKind = 'first_frame' | 'last_frame' | 'transition_frame';
