import { CinemaError } from './cinema-error.js';

/** A config file or a config value is wrong. `file` and `path` say where. */
export class ConfigError extends CinemaError {
  readonly file: string | undefined;
  readonly path: string | undefined;
  constructor({ message, file, path, cause }: { message: string; file?: string; path?: string; cause?: unknown }) {
    super({ message, category: 'config', cause });
    this.name = 'ConfigError';
    this.file = file;
    this.path = path;
  }
}

/** The user's input (script, movie id, directory) cannot be used. */
export class InvalidInputError extends CinemaError {
  constructor({ message, cause }: { message: string; cause?: unknown }) {
    super({ message, category: 'input', cause });
    this.name = 'InvalidInputError';
  }
}

/** No movie with that id exists in the store. */
export class MovieNotFoundError extends CinemaError {
  readonly movieId: string;
  constructor({ movieId, where }: { movieId: string; where: string }) {
    super({
      message: `No movie "${movieId}" in ${where}. Run \`cinema generate <script> --id ${movieId}\` to start it, or check --out.`,
      category: 'not_found',
    });
    this.name = 'MovieNotFoundError';
    this.movieId = movieId;
  }
}

/** The job store cannot be used (corrupt file, a database that is not Cinema's, newer schema). */
export class JobStoreError extends CinemaError {
  constructor({ message, cause }: { message: string; cause?: unknown }) {
    super({ message, category: 'store', cause });
    this.name = 'JobStoreError';
  }
}

/** A model returned output that does not match what was asked (e.g. an invalid screenplay). */
export class InvalidResponseError extends CinemaError {
  /** Dotted path of the first failing field, when known. */
  readonly field: string | undefined;
  constructor({ message, field, cause, isRetryable = true }: { message: string; field?: string; cause?: unknown; isRetryable?: boolean }) {
    super({ message, category: 'invalid_response', isRetryable, cause });
    this.name = 'InvalidResponseError';
    this.field = field;
  }
}

/** Starting a job would pass the movie's budget cap. */
export class BudgetExceededError extends CinemaError {
  constructor({ message }: { message: string }) {
    super({ message, category: 'budget' });
    this.name = 'BudgetExceededError';
  }
}

/** A model does not support what a stage asks of it. */
export class UnsupportedFunctionalityError extends CinemaError {
  constructor({ message }: { message: string }) {
    super({ message, category: 'config' });
    this.name = 'UnsupportedFunctionalityError';
  }
}
