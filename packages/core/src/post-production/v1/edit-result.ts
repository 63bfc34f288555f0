/** What the editor made. */
export interface EditResult {
  /**
   * Where the film was written, normally the request's `outputPath`. It must exist: core records
   * its checksum and size as the edit job's output.
   */
  outputPath: string;
  /**
   * Where the subtitles were written, normally the request's `subtitlesPath`; it must exist too.
   */
  subtitlesPath: string;
  /** The film's length in seconds, cards and transitions included. */
  durationSeconds: number;
  /**
   * What the user should know about the edit (a filter this ffmpeg lacks, a transition too short to
   * show); each becomes a `job:warning` event. Empty when there is nothing to say.
   */
  warnings: string[];
}
