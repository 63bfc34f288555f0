import { CinemaError, hasErrorMarker } from './cinema-error.js';

const marker = 'cinema.error.config';
const symbol = Symbol.for(marker);

/** A config file or a config value is wrong. `file` and `path` say where. */
export class ConfigError extends CinemaError {
  private readonly [symbol] = true;
  /** The config file, when the value came from one. */
  readonly file: string | undefined;
  /** Dotted path of the bad field (`models.video.0`), when known. */
  readonly path: string | undefined;

  constructor({ message, file, path, cause }: { message: string; file?: string; path?: string; cause?: unknown }) {
    super({ message, category: 'config', cause });
    this.name = 'ConfigError';
    this.file = file;
    this.path = path;
  }

  static override isInstance(error: unknown): error is ConfigError {
    return hasErrorMarker(error, marker);
  }
}
