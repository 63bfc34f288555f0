import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

/**
 * A name beside `target` for writing it before a rename puts it in place, unique to this write:
 * random bytes keep two writes of one file in one process (at the same millisecond too) from
 * sharing it, so neither renames the other's file away, and the process id, last before the
 * `.partial` ending, tells which process left it behind (the edit's clean-up reads it there). Asset
 * listings skip names ending in `.partial`. `hidden` starts the name with a dot.
 */
export function temporaryPath(target: string, options: { hidden?: boolean } = {}): string {
  const name = `${basename(target)}.${randomBytes(6).toString('hex')}.${process.pid}.partial`;
  return join(dirname(target), options.hidden ? `.${name}` : name);
}
