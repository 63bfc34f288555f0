import { CinemaError, hasErrorMarker } from './cinema-error.js';

const marker = 'cinema.error.asset-not-found';
const symbol = Symbol.for(marker);

/** An asset store has no file under the key asked for (`AssetStoreV1.get`). */
export class AssetNotFoundError extends CinemaError {
  private readonly [symbol] = true;
  readonly key: string;

  constructor({ key, where }: { key: string; where: string }) {
    super({
      message: `No file ${key} in ${where}. The job that made it must be made again: run \`cinema retry <movie> --job <key>\` (see \`cinema jobs <movie>\`).`,
      category: 'not_found',
    });
    this.name = 'AssetNotFoundError';
    this.key = key;
  }

  static override isInstance(error: unknown): error is AssetNotFoundError {
    return hasErrorMarker(error, marker);
  }
}
