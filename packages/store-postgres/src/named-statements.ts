import { createHash } from 'node:crypto';
import type pg from 'pg';

/** A statement is named (prepared once per connection) from its second use on. */
const usesBeforeNaming = 2;
/** At most this many statements are named per pool; the rest are sent as they are. */
const maxNamedStatements = 200;
/** Statements seen once that are remembered, waiting for a second use. */
const maxCounted = 2000;

/** The statements of one pool: how often each was sent, and the names of those prepared. */
export interface StatementNames {
  readonly uses: Map<string, number>;
  readonly names: Map<string, string>;
  /** Set when the server refused a named statement (a pooler that cannot keep them): none is named again. */
  disabled: boolean;
}

export function newStatementNames(): StatementNames {
  return { uses: new Map(), names: new Map(), disabled: false };
}

function nameOf(statements: StatementNames, text: string): string | undefined {
  if (statements.disabled) return undefined;
  const known = statements.names.get(text);
  if (known !== undefined || statements.names.size >= maxNamedStatements) return known;
  const uses = (statements.uses.get(text) ?? 0) + 1;
  if (uses < usesBeforeNaming) {
    if (statements.uses.size >= maxCounted) statements.uses.clear();
    statements.uses.set(text, uses);
    return undefined;
  }
  statements.uses.delete(text);
  const name = `cinema_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
  statements.names.set(text, name);
  return name;
}

/**
 * SQLSTATEs of a named statement the connection cannot use: its tables changed under it (a
 * migration by a newer version: 0A000 `cached plan must not change result type`), or a pooler
 * between the store and PostgreSQL does not keep prepared statements (26000, 42P05).
 */
const unusableStatementCodes = new Set(['0A000', '26000', '42P05']);

/**
 * Sends the store's repeated statements as named prepared statements on `client`, so PostgreSQL
 * parses and plans each once per connection instead of on every call: a claim or a completion
 * then costs little more than its execution. kysely sends `query(text, values)`; this turns that
 * into pg's `{ name, text, values }`. When the server cannot use a named statement, the connection
 * is closed (the call's retry runs on a fresh one), and for a pooler that drops prepared statements
 * naming stops for the whole pool.
 */
export function nameStatements(client: pg.PoolClient, statements: StatementNames): void {
  const query = client.query.bind(client) as (...args: unknown[]) => Promise<pg.QueryResult>;
  (client as { query: unknown }).query = (config: unknown, values?: unknown, ...rest: unknown[]) => {
    const name = typeof config === 'string' && Array.isArray(values) && values.length > 0 && rest.length === 0 ? nameOf(statements, config) : undefined;
    if (name === undefined) return query(config, values, ...rest);
    return query({ name, text: config, values }).catch((error: unknown) => {
      const code = (error as { code?: unknown }).code;
      if (typeof code === 'string' && unusableStatementCodes.has(code)) {
        if (code !== '0A000') statements.disabled = true;
        void client.end().catch(() => undefined);
      }
      throw error;
    });
  };
}

/** Whether the error is a named statement the connection could not use (see {@link nameStatements}); the call may be tried again. */
export function isUnusableStatement(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && unusableStatementCodes.has(code) && /prepared statement|cached plan/i.test((error as Error).message ?? '');
}
