import type Database from 'better-sqlite3';
import type { Compilable } from 'kysely';

const placeholderName = Symbol('cinema.placeholder');

/** Stands in for values while a prepared query is built: `p.movieId` becomes a parameter named `movieId`. */
export type Placeholders = Record<string, any>;

const placeholders: Placeholders = new Proxy({}, { get: (_target, name) => ({ [placeholderName]: name }) });

function isPlaceholder(value: unknown): value is { [placeholderName]: string } {
  return typeof value === 'object' && value !== null && placeholderName in value;
}

/** A query compiled once, run with values named like its placeholders. */
export interface PreparedQuery<R> {
  all(values: Record<string, unknown>): R[];
  first(values: Record<string, unknown>): R | undefined;
  /** Returns how many rows the statement changed. */
  run(values: Record<string, unknown>): number;
}

/**
 * Runs kysely-built queries on one better-sqlite3 connection. Kysely only builds the SQL here; the
 * statements run synchronously, so a whole write can sit inside one transaction. Every SQL text is
 * prepared once, and hot queries skip kysely altogether after their first compile ({@link prepared}).
 */
export class QueryRunner {
  private readonly statements = new Map<string, Database.Statement>();
  private readonly preparedQueries = new Map<string, PreparedQuery<unknown>>();

  constructor(private readonly database: Database.Database) {}

  /**
   * A query built and compiled once per `id`, then run with new values. `build` gets placeholders
   * (`p.name`) where values go; every query with the same `id` must have the same shape. Values
   * written into the query itself (not placeholders) are kept as they were at the first build.
   */
  prepared<R>(id: string, build: (p: Placeholders) => Compilable<R>): PreparedQuery<R> {
    let query = this.preparedQueries.get(id) as PreparedQuery<R> | undefined;
    if (query === undefined) {
      const compiled = build(placeholders).compile();
      const statement = this.database.prepare(compiled.sql);
      const order = compiled.parameters.map((value): { name: string } | { value: unknown } =>
        isPlaceholder(value) ? { name: value[placeholderName] } : { value },
      );
      const bind = (values: Record<string, unknown>) => order.map((entry) => ('name' in entry ? values[entry.name] : entry.value));
      query = {
        all: (values) => statement.all(...bind(values)) as R[],
        first: (values) => statement.get(...bind(values)) as R | undefined,
        run: (values) => statement.run(...bind(values)).changes,
      };
      this.preparedQueries.set(id, query as PreparedQuery<unknown>);
    }
    return query;
  }

  all<R>(query: Compilable<R>): R[] {
    const compiled = query.compile();
    return this.statement(compiled.sql).all(...compiled.parameters) as R[];
  }

  first<R>(query: Compilable<R>): R | undefined {
    const compiled = query.compile();
    return this.statement(compiled.sql).get(...compiled.parameters) as R | undefined;
  }

  /** Runs a write and returns how many rows it changed. */
  run(query: Compilable<unknown>): number {
    const compiled = query.compile();
    return this.statement(compiled.sql).run(...compiled.parameters).changes;
  }

  /** The prepared statement for a SQL text, prepared on first use. */
  statement(text: string): Database.Statement {
    let statement = this.statements.get(text);
    if (statement === undefined) {
      statement = this.database.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  /** Forgets every prepared statement, before the connection closes. */
  clear(): void {
    this.statements.clear();
    this.preparedQueries.clear();
  }
}
