import pg from 'pg';
import type { PostgresPool, PostgresPoolClient } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPostgresJobStore } from './postgres-job-store.js';
import type { PostgresJobStore } from './postgres-job-store.js';
import { adminQuery, connectionStringFor, dropSchema, testDatabaseUrl, uniqueSchema } from './test-support/test-database.js';

/** A pool that remembers every statement sent through it, with its values. */
class RecordingPool implements PostgresPool {
  readonly sent: { sql: string; values: readonly unknown[] }[] = [];
  private readonly pool: pg.Pool;

  constructor(connectionString: string) {
    this.pool = new pg.Pool({ connectionString, max: 2 });
  }

  async connect(): Promise<PostgresPoolClient> {
    const client = await this.pool.connect();
    return {
      query: ((sql: string, values: readonly unknown[]) => {
        this.sent.push({ sql, values });
        return client.query(sql, values as unknown[]);
      }) as unknown as PostgresPoolClient['query'],
      release: () => client.release(),
    };
  }

  end(): Promise<void> {
    return this.pool.end();
  }
}

/**
 * The plan PostgreSQL keeps for `sql` once it stops planning each call of a prepared statement
 * afresh (a generic plan, which cannot see the values), as the store's statements are prepared.
 * `analyze` runs it too (in a transaction rolled back), so the plan shows the rows each step read.
 */
async function genericPlan(sql: string, values: readonly unknown[], analyze = false): Promise<string> {
  const client = new pg.Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  try {
    const literal = (value: unknown): string => {
      if (value === null || value === undefined) return 'null';
      if (typeof value === 'number') return String(value);
      if (Array.isArray(value)) return client.escapeLiteral(`{${value.map((item) => `"${String(item)}"`).join(',')}}`);
      return client.escapeLiteral(String(value));
    };
    await client.query('begin');
    await client.query('set local plan_cache_mode = force_generic_plan');
    await client.query(`prepare planned as ${sql}`);
    const options = analyze ? 'analyze, costs off, timing off, summary off' : 'costs off';
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(`explain (${options}) execute planned(${values.map(literal).join(', ')})`);
    await client.query('rollback');
    return rows.map((row) => row['QUERY PLAN']).join('\n');
  } finally {
    await client.end();
  }
}

const movieId = 'plans';
let schema: string;
let pool: RecordingPool;
let store: PostgresJobStore;

beforeEach(async () => {
  schema = uniqueSchema('plans');
  pool = new RecordingPool(connectionStringFor(schema));
  store = createPostgresJobStore({ pool, schema });
  await store.createMovie({ id: movieId, input: null, now: Date.now() });
  // Thousands of ready jobs, in two lanes, and the planner's statistics know it, as in a database
  // that has run a while.
  const specs = Array.from({ length: 3000 }, (_, index) => ({ key: `job-${String(index).padStart(4, '0')}`, stage: 'clip', lane: index % 2 === 0 ? 'vid' : 'img', input: { index }, inputHash: String(index), dependsOn: [] }));
  await store.enqueue(movieId, specs, Date.now());
  await adminQuery(`analyze "${schema}".jobs`);
});

afterEach(async () => {
  await store.close();
  await pool.end();
  await dropSchema(schema);
});

function sentStatement(matches: (sql: string) => boolean) {
  const statement = pool.sent.find((entry) => matches(entry.sql));
  if (!statement) throw new Error(`no such statement was sent; sent:\n${pool.sent.map((entry) => entry.sql).join('\n')}`);
  return statement;
}

describe('claims read the ready jobs through their index, whatever the table holds', () => {
  it('a claim without limits finds its jobs by key, not by hashing every job of the schema', async () => {
    const [job] = await store.claim({ movieId, workerId: 'w', limit: 1, leaseMs: 60_000, now: Date.now() });
    expect(job).toMatchObject({ key: 'job-0000', status: 'in_progress' });
    const claim = sentStatement((sql) => sql.includes('skip locked') && sql.includes('returning'));
    const plan = await genericPlan(claim.sql, claim.values);
    expect(plan).toContain('jobs_ready');
    expect(plan).not.toMatch(/Seq Scan on jobs/);
  });

  it('a claim with lane limits reads one ready job per limited lane to learn which lanes to lock, not every ready job', async () => {
    const jobs = await store.claim({ movieId, workerId: 'w', limit: 2, leaseMs: 60_000, now: Date.now(), laneConcurrency: { vid: 4, img: 4 } });
    expect(jobs.map((job) => job.key)).toEqual(['job-0000', 'job-0001']);
    const locks = sentStatement((sql) => sql.includes('pg_advisory_xact_lock') && sql.includes('"lanes"."lane"'));
    const plan = await genericPlan(locks.sql, locks.values, true);
    expect(plan).not.toMatch(/Seq Scan on jobs/);
    // Every scan of jobs, with the rows it returned: `(actual rows=R loops=L)`.
    const scans = [...plan.matchAll(/Scan using (\w+) on jobs[^\n]*\(actual rows=(\d+) loops=(\d+)\)/g)];
    expect(scans.map((scan) => scan[1])).toEqual(['jobs_ready']);
    const rowsRead = scans.reduce((sum, scan) => sum + Number(scan[2]) * Number(scan[3]), 0);
    expect(rowsRead, plan).toBeLessThanOrEqual(2);
  });
});
