// The store's own claim and completion statements, and the raw reference loop, each run by
// PostgreSQL's pgbench (a C client: no node, no kysely, no pg), 8 connections. What the store's SQL
// costs the server, apart from everything the client adds: if the store through kysely runs at the
// same share of the raw loop as its statements do here, the gap is in the statements' work, not in
// the client. Used by store-postgres.mjs.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

/** pgbench from PATH, or Debian's PostgreSQL 15 (not on PATH); undefined when neither runs. */
export async function findPgbench() {
  for (const candidate of ['pgbench', '/usr/lib/postgresql/15/bin/pgbench']) {
    try {
      await run(candidate, ['--version']);
      return candidate;
    } catch {
      // Not there, or not runnable: try the next.
    }
  }
  return undefined;
}

/** A pg pool (as kysely's dialect takes one) that remembers each statement sent, with its values. */
export function recordingPool(connectionString) {
  const pool = new pg.Pool({ connectionString, max: 1 });
  const sent = [];
  return {
    sent,
    async connect() {
      const client = await pool.connect();
      return {
        query: (sql, values) => {
          sent.push({ sql, values });
          return client.query(sql, values);
        },
        release: () => client.release(),
      };
    },
    end: () => pool.end(),
  };
}

function literal(value) {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') return String(value);
  return `'${String(value).replaceAll("'", "''")}'`;
}

/** `sql` with `$n` replaced by `replace(n, value)`, from the highest n down (so $1 leaves $10 alone). */
function bind(sql, values, replace) {
  let text = sql;
  for (let index = values.length; index >= 1; index--) text = text.replaceAll(`$${index}`, replace(index, values[index - 1]));
  return text;
}

/**
 * A pgbench script of one claim + complete cycle from the store's statements as it sent them for
 * `job` (the claim's reply): the completion takes the claimed job's key and token from the claim's
 * reply (`\gset`), the rest of the values as they were.
 */
export function storeScript(claim, complete, job) {
  const claimText = bind(claim.sql, claim.values, (_index, value) => literal(value));
  const completeText = bind(complete.sql, complete.values, (_index, value) =>
    value === job.key ? ':key' : value === job.leaseToken ? ':lease_token' : literal(value),
  );
  return `${claimText}\n\\gset\n${completeText};\n`;
}

export function rawScript(schema) {
  return (
    `with c as (select id from "${schema}".raw_jobs where state = 'queued' and run_at <= now() order by priority, run_at, id limit 1 for update skip locked) ` +
    `update "${schema}".raw_jobs j set state = 'running', attempt = j.attempt + 1, lease_owner = 'w', lease_token = j.lease_token + 1, lease_expires_at = now() + interval '10 minutes' ` +
    `from c where j.id = c.id returning j.id, j.lease_token\n\\gset\n` +
    `update "${schema}".raw_jobs set state = 'succeeded', result = '{}' where id = :id and lease_token = :lease_token and state = 'running';\n`
  );
}

/** Runs `script` `cycles` times over 8 connections (prepared statements); cycles per second. */
export async function pgbench(binary, url, script, cycles) {
  const dir = await mkdtemp(join(tmpdir(), 'cinema-pgbench-'));
  try {
    const file = join(dir, 'cycle.sql');
    await writeFile(file, script);
    const { stdout } = await run(binary, ['-n', '-M', 'prepared', '-c', '8', '-j', '2', '-t', String(Math.floor(cycles / 8)), '-f', file, url]);
    const tps = /tps = ([\d.]+)/.exec(stdout);
    if (!tps || /failed transactions: [1-9]/.test(stdout)) throw new Error(`pgbench did not run cleanly:\n${stdout}`);
    return Math.round(Number(tps[1]));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
