/** One spoken line of a shot, placed relative to the start of the shot. */
export interface EditDialogue {
  /** Absolute path of the line's audio file, as the speech model made it (mp3, wav, ...). */
  audioPath: string;
  /** The words, as the screenplay gives them: the subtitle for the line. */
  text: string;
  /**
   * Which line of the screenplay this is: its scene and its number there (from 1), as the audio
   * stage numbers them, so an exported timeline can name it. Default: none (an editor ignores it).
   */
  line?: { sceneId: string; lineNumber: number };
  /** Who says it: the character's name, or their id when the screenplay has no such character. */
  speaker: string;
  /**
   * When the line starts, in seconds from the start of the shot. Core's edit stage leaves 0.3 s
   * before a shot's first line and 0.25 s between lines, using each line's spoken length.
   */
  offsetSeconds: number;
}
