import { CinemaError, hasErrorMarker } from './cinema-error.js';

const marker = 'cinema.error.movie-not-found';
const symbol = Symbol.for(marker);

/** No movie with that id exists in the store. */
export class MovieNotFoundError extends CinemaError {
  private readonly [symbol] = true;
  readonly movieId: string;

  constructor({ movieId, where }: { movieId: string; where: string }) {
    super({
      message: `No movie "${movieId}" in ${where}. Run \`cinema generate <script> --id ${movieId}\` to start it, or check --out.`,
      category: 'not_found',
    });
    this.name = 'MovieNotFoundError';
    this.movieId = movieId;
  }

  static override isInstance(error: unknown): error is MovieNotFoundError {
    return hasErrorMarker(error, marker);
  }
}
