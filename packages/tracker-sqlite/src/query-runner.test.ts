import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { QueryRunner } from './query-runner.js';

interface TestDatabase {
  items: { id: number; name: string; size: number };
}

describe('QueryRunner', () => {
  let database: Database.Database;
  let db: Kysely<TestDatabase>;
  let runner: QueryRunner;

  beforeEach(() => {
    database = new Database(':memory:');
    database.exec(`create table items (id integer primary key, name text not null, size integer not null);
      insert into items values (1, 'a', 10), (2, 'b', 20), (3, 'c', 30), (4, 'a', 40);`);
    db = new Kysely<TestDatabase>({ dialect: new SqliteDialect({ database }) });
    runner = new QueryRunner(database);
  });

  afterEach(async () => {
    await db.destroy();
    if (database.open) database.close();
  });

  it('binds values by placeholder name, in whatever order they appear in the SQL, keeping literal values', () => {
    const query = runner.prepared('items.between', (p) =>
      db.selectFrom('items').select('id').where('size', '>', p.smallest).where('name', '!=', 'c').where('size', '<', p.largest).orderBy('id'),
    );
    expect(query.all({ largest: 45, smallest: 15 })).toEqual([{ id: 2 }, { id: 4 }]);
    expect(query.all({ smallest: 0, largest: 25 })).toEqual([{ id: 1 }, { id: 2 }]);
    expect(query.first({ smallest: 100, largest: 200 })).toBeUndefined();
  });

  it('builds and prepares a query once per id, until cleared', () => {
    const prepare = vi.spyOn(database, 'prepare');
    const build = vi.fn((p: Record<string, any>) => db.updateTable('items').set({ size: p.size }).where('name', '=', p.name));
    expect(runner.prepared('items.resize', build).run({ name: 'a', size: 1 })).toBe(2);
    expect(runner.prepared('items.resize', build).run({ name: 'b', size: 1 })).toBe(1);
    expect(runner.prepared('items.resize', build).run({ name: 'none', size: 1 })).toBe(0);
    expect([build.mock.calls.length, prepare.mock.calls.length]).toEqual([1, 1]);
    runner.clear();
    runner.prepared('items.resize', build).run({ name: 'a', size: 2 });
    expect([build.mock.calls.length, prepare.mock.calls.length]).toEqual([2, 2]);
  });

  it('runs a built query with its own values, preparing each SQL text once', () => {
    const prepare = vi.spyOn(database, 'prepare');
    const named = (name: string) => db.selectFrom('items').select(['id', 'size']).where('name', '=', name).orderBy('id');
    expect(runner.all(named('a'))).toEqual([{ id: 1, size: 10 }, { id: 4, size: 40 }]);
    expect(runner.first(named('b'))).toEqual({ id: 2, size: 20 });
    expect(runner.run(db.deleteFrom('items').where('size', '>=', 30))).toBe(2);
    expect(prepare.mock.calls.length).toBe(2);
  });
});
