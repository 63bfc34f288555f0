import { InvalidArgumentError, Option } from 'commander';
import { defaultOut } from './cli-setup.js';

/**
 * `-o, --out <dir>`: the base folder of movies, as every movie command takes it. `created` says in the
 * help that the command makes the folder (generate); the others only read it. Default: false.
 */
export function outOption({ created = false }: { created?: boolean } = {}): Option {
  return new Option('-o, --out <dir>', `base directory of movies${created ? ', created if missing' : ''} (default: the config's baseDir, else ./${defaultOut})`);
}

/** `-c, --config <file>`. */
export function configOption(): Option {
  return new Option('-c, --config <file>', 'config file (default: cinema.config.ts in this directory, if any)');
}

/** `--json`; `what` says what is printed, e.g. "the jobs as JSON". */
export function jsonOption(what: string): Option {
  return new Option('--json', `print ${what}`);
}

/** `--json` on the commands that run a movie. */
export function jsonProgressOption(): Option {
  return jsonOption('progress events as JSON lines');
}

export function parseDollars(value: string): number {
  const amount = Number(value);
  if (!Number.isFinite(amount) || amount < 0) throw new InvalidArgumentError('give an amount of dollars, e.g. 12.50');
  return amount;
}

/** ` --out DIR` when the user gave one, so a suggested next command points at the same folder. */
export function outFlagOf(flags: { out?: string }): string {
  return flags.out ? ` --out ${flags.out}` : '';
}

/** `--yes`; `what` says what goes ahead, e.g. "make the changes". */
export function yesOption(what: string): Option {
  return new Option('-y, --yes', `${what} without asking (needed when not on a terminal)`);
}

/** `--review` on the commands that run a movie. */
export function reviewOption(): Option {
  return new Option('--review', 'hold every clip for approval until `cinema approve` (as config review: { before: [\'videos\'] })');
}

/** A whole number of at least `least`, e.g. `--takes 3` or a take number. */
export function wholeNumber(least: number): (value: string) => number {
  return (value) => {
    const number = Number(value);
    if (!Number.isInteger(number) || number < least) throw new InvalidArgumentError(`give a whole number of ${least} or more`);
    return number;
  };
}

/**
 * `--store URL`: the job store many machines share, over the config's `store`, so `worker`,
 * `status`, `jobs` and `retry` reach one movie from any machine.
 */
export function storeOption(): Option {
  return new Option('--store <url>', "job store: postgres://user@host/db or sqlite:path (default: the config's store, else SQLite at {out}/cinema.db)");
}

/** `--storage URL`: the asset store many machines share, over the config's `storage`. */
export function storageOption(): Option {
  return new Option('--storage <url>', "asset store: s3://bucket/prefix or a shared folder (default: the config's storage, else the movie folders only)");
}
