/**
 * What a picture, clip or line is for, in structured form, beside the prompt that says the same in
 * words. Hosted models ignore it; offline models such as the animatic draw or speak from it. Core's
 * stages fill in what they know for each purpose, so every field but `purpose` and `characters` may
 * be missing.
 */
export interface ShotContext {
  /**
   * Which stage asked: a character sheet (`character`), a keyframe (`keyframe`), a clip (`video`)
   * or a line of dialogue (`speech`).
   */
  purpose: 'character' | 'keyframe' | 'video' | 'speech';
  /**
   * The screenplay's scene id, e.g. `scene_1`. Default: none (character sheets belong to no scene).
   */
  sceneId?: string;
  /** The shot's id within its scene, e.g. `shot_2`. Default: none (character sheets). */
  shotId?: string;
  /** Which view of the character a sheet shows. Set for character sheets only. */
  view?: 'front' | 'side' | 'full_body';
  /**
   * Which frame of the shot a keyframe is: its opening, its closing, or the frame it hands over to
   * the next shot on (for dissolves and fades). Set for keyframes only.
   */
  frame?: 'first_frame' | 'last_frame' | 'transition_frame';
  /**
   * The characters in the picture, or the speaker of a line: their screenplay id, name and visual
   * traits. Empty when there are none (an empty street).
   */
  characters: { id: string; name: string; traits: string[] }[];
  /**
   * The scene's location as the screenplay gives it, e.g. `KITCHEN`. Default: none (sheets, lines).
   */
  location?: string;
  /** The scene's time of day, e.g. `NIGHT`. Default: none (sheets, lines). */
  timeOfDay?: string;
  /**
   * The shot's camera direction, e.g. `slow push-in, medium close-up`. Default: none (sheets,
   * lines).
   */
  camera?: string;
  /**
   * A short line to show or say: the shot's description for keyframes and clips, the character's
   * name for sheets and lines. Default: none.
   */
  caption?: string;
}
