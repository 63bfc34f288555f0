import type Database from 'better-sqlite3';

/** For tests: SQLite's plan for a statement, its parameters left unbound (null), one step per line. */
export function queryPlan(database: Database.Database, sqlText: string): string {
  const parameters = (sqlText.match(/\?/g) ?? []).map(() => null);
  return (database.prepare(`explain query plan ${sqlText}`).all(...parameters) as { detail: string }[]).map((step) => step.detail).join('\n');
}
