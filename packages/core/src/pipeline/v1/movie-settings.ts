/** How the film looks; every stage reads the same settings. Defaults: `defaultMovieSettings`. */
export interface MovieSettings {
  /** Aspect ratio every model is asked for, e.g. `16:9`. Default: `16:9`. */
  aspectRatio: string;
  /** Width of the film in pixels. Default: 1280. */
  width: number;
  /** Height of the film in pixels. Default: 720. */
  height: number;
  /** Frames per second of the edit. Default: 24, the cinema standard most video models render at. */
  fps: number;
  /** Burn subtitles into the picture as well as writing the `.srt`. Default: false, a player shows the `.srt`. */
  burnSubtitles: boolean;
  /** Show a title card before and an end card after the film. Default: true. */
  cards: boolean;
}
