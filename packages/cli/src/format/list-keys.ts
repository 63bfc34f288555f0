/** How many job keys a line names before it says how many more. */
const keysShown = 6;

/** Job keys on one line, `a, b, c and 4 more`, so a plan of a long film stays readable. */
export function listKeys(keys: readonly string[]): string {
  const shown = keys.slice(0, keysShown).join(', ');
  return keys.length > keysShown ? `${shown} and ${keys.length - keysShown} more` : shown;
}
