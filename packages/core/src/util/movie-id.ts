import { InvalidInputError } from '../errors/index.js';

const movieIdPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** Movie ids become directory names: letters, digits, `.`, `_`, `-`; no separators, no `..`. */
export function assertValidMovieId(movieId: string): void {
  if (typeof movieId !== 'string' || !movieIdPattern.test(movieId) || movieId.includes('..')) {
    throw new InvalidInputError({
      message:
        `Invalid movie id ${JSON.stringify(movieId)}: use 1 to 100 letters, digits, ".", "_" or "-", ` +
        'starting with a letter or digit, with no "/", "\\" or "..".',
    });
  }
}

/** A readable id from a title or file name, plus a short hash so different scripts differ. */
export function suggestMovieId(name: string, contentHash: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 40);
  return `${slug || 'movie'}-${contentHash.slice(0, 6)}`;
}
