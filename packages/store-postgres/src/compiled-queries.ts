import { CompiledQuery } from 'kysely';
import type { Compilable, Kysely, QueryResult } from 'kysely';

const marker = Symbol('cinema.parameter');

/** Stands in for a value while a query is built once: `p.movieId` becomes the parameter `movieId`. */
export type Parameters = Record<string, any>;

const parameters: Parameters = new Proxy({}, { get: (_target, name) => ({ [marker]: name }) });

type Slot = { name: string } | { value: unknown };

/**
 * The store's frequent queries, built and compiled by kysely once per store instead of on every
 * call: a claim or a completion then spends its time in PostgreSQL, not in building SQL. Each query
 * has an id; `build` receives `p`, whose fields stand for the values given at run time, and must
 * build the same shape every time for one id (its SQL text is kept). Values written into the query
 * itself rather than through `p` are kept as they were at the first build.
 */
export class CompiledQueries {
  private readonly queries = new Map<string, { sql: string; slots: Slot[] }>();

  run<R>(db: Kysely<any>, id: string, build: (p: Parameters) => Compilable<R>, values: Record<string, unknown>): Promise<QueryResult<R>> {
    let query = this.queries.get(id);
    if (query === undefined) {
      const compiled = build(parameters).compile();
      const slots = compiled.parameters.map((value): Slot => (typeof value === 'object' && value !== null && marker in value ? { name: (value as { [marker]: string })[marker] } : { value }));
      query = { sql: compiled.sql, slots };
      this.queries.set(id, query);
    }
    const bound = query.slots.map((slot) => ('name' in slot ? values[slot.name] : slot.value));
    return db.executeQuery(CompiledQuery.raw(query.sql, bound) as CompiledQuery<R>);
  }
}
