/**
 * Escapes a value (a file path) for use as a filter option inside `-filter_complex`: first for the
 * option parser (`\`, `'`, `:`), then for the filter graph parser (`\`, `'`, `[`, `]`, `,`, `;`).
 * Screenplay text never goes through this: it is written to files and read with `textfile=`.
 */
export function escapeFilterValue(value: string): string {
  const optionLevel = value.replace(/[\\':]/g, (character) => `\\${character}`);
  return optionLevel.replace(/[\\'[\],;]/g, (character) => `\\${character}`);
}
