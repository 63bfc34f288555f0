import type { EditCard } from './edit-card.js';
import type { EditShot } from './edit-shot.js';

/**
 * Everything the editor needs to cut the film, built by core's edit stage once every clip and line
 * exists. Every path is absolute.
 */
export interface EditRequest {
  /** The movie being edited, for messages and file names. */
  movieId: string;
  /** Where the finished film goes: `{movieDir}/output/{movieId}_final.mp4`. */
  outputPath: string;
  /** Where the subtitles go, beside the film: `{movieDir}/output/{movieId}_final.srt`. */
  subtitlesPath: string;
  /**
   * The film's frame size in pixels and frame rate, from the movie settings (1280x720 at 24 fps by
   * default).
   */
  format: { width: number; height: number; fps: number };
  /** The shots, in the order the film shows them. */
  shots: EditShot[];
  /**
   * A card before the first shot. Default: none; core's edit stage sends one unless the settings
   * turn `cards` off.
   */
  titleCard?: EditCard;
  /**
   * A card after the last shot. Default: none; core's edit stage sends one unless the settings turn
   * `cards` off.
   */
  endCard?: EditCard;
  /**
   * A music or room-tone bed under the whole film: the file, and its volume as a gain (1 is as
   * recorded; the config's `music.volume`, 0.2 by default). Default: none.
   */
  music?: { path: string; volume: number };
  /**
   * Whether to burn the subtitles into the picture as well as writing the `.srt`. From the movie
   * settings; false by default, since a player shows the `.srt`.
   */
  burnSubtitles: boolean;
  /**
   * A directory for intermediate files, `{movieDir}/work`, kept between attempts: the editor may
   * reuse what an earlier attempt left there, so name files after what they hold.
   */
  workDir: string;
}
