import { sql } from 'kysely';

/** Job keys as a subquery bound as one JSON parameter: any number of keys, whatever characters they hold. */
export function namedKeys(keys: string[]) {
  return sql<string>`(select value from json_each(${JSON.stringify(keys)}))`;
}
