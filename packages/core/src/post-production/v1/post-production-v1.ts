import type { EditRequest } from './edit-request.js';
import type { EditResult } from './edit-result.js';
import type { PostProductionEvent } from './post-production-event.js';

/**
 * Edits the clips and dialogue into the finished film, with subtitles, cards and music. Core's edit
 * stage calls it once every clip and line exists. The ffmpeg implementation lives in
 * `@cinema/postprod-ffmpeg`.
 */
export interface PostProductionV1 {
  /**
   * The post-production spec this plugin speaks; the config is refused with a clear error for any
   * other.
   */
  readonly specificationVersion: 'v1';
  /**
   * Short name of the editor, e.g. `ffmpeg`. It names the edit's lane (`postprod:{name}`) and is
   * part of the edit job's input, so switching editors makes the film again.
   */
  readonly name: string;
  /**
   * Renders the film described by `request` to its output path and returns what it made. Write the
   * film through a temporary name, so a half-written file is never taken for the film. Reject with
   * a CinemaError when it cannot: a retryable one is tried again (the edit job has 2 attempts by
   * default). `options.abortSignal` fires on Ctrl-C, on the attempt's timeout and when the lease is
   * lost: stop the work and reject. `options.onEvent` takes progress events; it may be absent.
   */
  render(
    request: EditRequest,
    options: { abortSignal?: AbortSignal; onEvent?: (event: PostProductionEvent) => void },
  ): Promise<EditResult>;
}
