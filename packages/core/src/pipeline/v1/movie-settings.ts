/**
 * How the film looks; every stage reads the same settings. Set in the config's `output`; what it
 * leaves out takes `defaultMovieSettings`.
 */
export interface MovieSettings {
  /**
   * The film's aspect ratio, as `W:H`: keyframes and clips are made in it (character sheets are
   * square when the image model can draw `1:1`), and the keyframe and video stages refuse to start
   * when their model cannot make it. Default: `16:9`.
   */
  aspectRatio: string;
  /** Width of the film in pixels; keyframes are asked for this size too. Default: 1280. */
  width: number;
  /** Height of the film in pixels; keyframes are asked for this size too. Default: 720. */
  height: number;
  /**
   * Frames per second of the edit. Default: 24, the cinema standard most video models render at.
   */
  fps: number;
  /**
   * Burn subtitles into the picture as well as writing the `.srt`. Default: false, a player shows
   * the `.srt`.
   */
  burnSubtitles: boolean;
  /**
   * Show a title card (the screenplay's title and logline) before the film and an end card after
   * it. Default: true.
   */
  cards: boolean;
}
