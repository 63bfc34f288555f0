/**
 * A file a job wrote, as `JobContext.writeAsset` returns it and the store keeps it. On resume, a
 * completed job whose file is gone or changed size stops the run with an error that names it, so a
 * film is never built on a missing file.
 */
export interface JobOutput {
  /** Where the file is, relative to the movie's directory, e.g. `videos/scene_1.mp4`. */
  path: string;
  /** The sha256 of the file's bytes, as lowercase hex. */
  sha256: string;
  /** The file's size in bytes; what resume checks the file on disk against. */
  bytes: number;
}
