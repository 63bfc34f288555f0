import { CinemaError, type ErrorCategory, hasErrorMarker } from '@cinema/core';

const marker = 'cinema.error.ffmpeg';
const symbol = Symbol.for(marker);

/** ffmpeg or ffprobe is missing, too old, or failed while editing the film. */
export class FfmpegError extends CinemaError {
  private readonly [symbol] = true;
  /** The file the failure is about (an input clip, the output), when there is one. */
  readonly file: string | undefined;
  /** The last lines ffmpeg printed on stderr, when it ran. */
  readonly stderr: string | undefined;

  constructor(options: {
    message: string;
    category?: ErrorCategory;
    isRetryable?: boolean;
    file?: string;
    stderr?: string;
    cause?: unknown;
  }) {
    super({
      message: options.message,
      category: options.category ?? 'unknown',
      isRetryable: options.isRetryable ?? false,
      cause: options.cause,
    });
    this.name = 'FfmpegError';
    this.file = options.file;
    this.stderr = options.stderr;
  }

  static override isInstance(error: unknown): error is FfmpegError {
    return hasErrorMarker(error, marker);
  }
}
