// Claim + complete cycles per second of @cinema/store-postgres, against the built dist and a real
// PostgreSQL (CINEMA_BENCH_DATABASE_URL, else CINEMA_TEST_DATABASE_URL; `eval "$(scripts/start-test-postgres.sh)"`
// sets the latter), each run in a schema of its own, dropped afterwards. Worker processes each run
// claim -> complete loops (one job in flight per loop) on the store's defaults (leases on the
// database's clock): 1, 4 and 8 processes of one loop (1, 4 and 8 connections); 8 connections from
// 1 process and from 4; and 8 processes claiming with a lane limit, the path core's orchestrator
// takes (an advisory lock per lane, in a transaction). Every run checks that each job was claimed
// and completed exactly once, and that the event log holds each job's three events (created,
// claimed, completed). Writers append events unnumbered and take no shared lock; readers number
// them (see the store's operations/number-events.ts). Nothing reads the log during the races, so
// that cost is timed apart: the first lastEventSeq() after a run numbers all of its events, and the
// 8-worker run's figure is reported. durable-jobs.md §2b measured 2,193 cycles/s at 8 workers with
// raw pg (no kysely) on an idle machine of this kind; the same raw loop runs here too, at 8 workers,
// so the store is compared with it on the machine as it is during the run: in alternating pairs
// (ROUNDS, default 3), the median pair reported. Every worker, store or raw, first runs 1,000 untimed
// cycles of its own (see warmupCycles).
// Last, the store's own statements and the raw loop are each run by pgbench, PostgreSQL's C client
// (see _pgbench.mjs), to tell the statements' server work from the client's.
// Usage: node bench/store-postgres.mjs [jobs, default 8000]   (after `npm run build`). Last line: one JSON object.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { findPgbench, pgbench, rawScript, recordingPool, storeScript } from './_pgbench.mjs';

const here = fileURLToPath(import.meta.url);
const dist = new URL('../packages/store-postgres/dist/index.js', import.meta.url).href;
const movieId = 'bench';
const referencePerSecond = 2193;
/**
 * Claim + complete cycles each loop runs untimed before the race, on a movie (or raw table) of its
 * own, as a worker that has run a while has: its first few hundred cycles run before V8 has
 * optimised the code, at two to three times the CPU.
 */
const warmupCycles = 1000;
/** Pairs of 8-worker runs, store then raw pg; `ROUNDS=5` for more. */
const rounds = Number(process.env.ROUNDS ?? 3);

if (process.argv[2] === '--worker') {
  const [url, schema, workerId, loops, mode] = process.argv.slice(3);
  if (mode === 'raw') await rawWorker(url, schema, workerId);
  else await worker(url, schema, workerId, Number(loops), mode === 'limited');
} else {
  const url = process.env.CINEMA_BENCH_DATABASE_URL ?? process.env.CINEMA_TEST_DATABASE_URL;
  if (!url) {
    console.error('store-postgres: needs PostgreSQL. Set CINEMA_BENCH_DATABASE_URL (or run `eval "$(scripts/start-test-postgres.sh)"`, which sets CINEMA_TEST_DATABASE_URL).');
    process.exit(1);
  }
  await main(url, Number(process.argv[2] ?? 8000));
}

async function worker(url, schema, workerId, loops, limited) {
  const { createPostgresJobStore } = await import(dist);
  const store = createPostgresJobStore({ connectionString: url, schema, maxConnections: loops });
  const laneConcurrency = limited ? { lane: 64 } : undefined;
  // Warmed up before the clock starts, on a movie of its own: connected, the schema checked, the
  // statements prepared and the code optimised, as in a worker that has been running a while.
  const warmup = `warmup-${workerId}`;
  await store.createMovie({ id: warmup, input: null, now: Date.now() });
  await store.enqueue(warmup, benchSpecs(warmupCycles * loops), Date.now());
  await Promise.all(Array.from({ length: loops }, () => cycles(store, warmup, workerId, laneConcurrency)));
  process.stdout.write('ready\n');
  await new Promise((resolve) => process.stdin.once('data', resolve));
  const results = await Promise.all(Array.from({ length: loops }, () => cycles(store, movieId, workerId, laneConcurrency)));
  await store.close();
  const total = (field) => results.reduce((sum, result) => sum + result[field], 0);
  process.stdout.write(JSON.stringify({ done: total('done'), completedFalse: total('completedFalse'), claimMs: results.flatMap((result) => result.claimMs) }) + '\n');
}

/** One loop of claim -> complete, one job in flight, until the movie has no ready job left. */
async function cycles(store, movie, workerId, laneConcurrency) {
  let done = 0;
  let completedFalse = 0;
  const claimMs = [];
  for (;;) {
    const started = performance.now();
    const [job] = await store.claim({ movieId: movie, workerId, limit: 1, leaseMs: 600_000, now: Date.now(), laneConcurrency });
    claimMs.push(performance.now() - started);
    if (!job) break;
    const ok = await store.complete({ movieId: movie, key: job.key, token: job.leaseToken }, { outputs: [], costUsd: 0.001 }, Date.now());
    if (ok) done++;
    else completedFalse++;
  }
  return { done, completedFalse, claimMs };
}

function benchSpecs(count) {
  return Array.from({ length: count }, (_, index) => ({ key: `job-${index}`, stage: 'bench', lane: 'lane', input: { index }, inputHash: String(index), dependsOn: [] }));
}

// The reference loop of durable-jobs.md §2b: a SKIP LOCKED claim CTE and a fenced completion, on
// a table of its own, through pg alone. Warmed up like the store's workers, on a table of its own.
async function rawWorker(url, schema, workerId) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const warmup = `raw_warmup_${workerId}`;
  await createRawTable(client, schema, warmup, warmupCycles);
  await rawCycles(client, schema, warmup, workerId);
  process.stdout.write('ready\n');
  await new Promise((resolve) => process.stdin.once('data', resolve));
  const result = await rawCycles(client, schema, 'raw_jobs', workerId);
  await client.end();
  process.stdout.write(JSON.stringify({ ...result, completedFalse: 0 }) + '\n');
}

async function rawCycles(client, schema, table, workerId) {
  let done = 0;
  const claimMs = [];
  for (;;) {
    const started = performance.now();
    const { rows } = await client.query(
      `with c as (select id from "${schema}".${table} where state = 'queued' and run_at <= now() order by priority, run_at, id limit 1 for update skip locked)
       update "${schema}".${table} j set state = 'running', attempt = j.attempt + 1, lease_owner = $1, lease_token = j.lease_token + 1, lease_expires_at = now() + interval '10 minutes'
       from c where j.id = c.id returning j.id, j.lease_token`,
      [workerId],
    );
    claimMs.push(performance.now() - started);
    if (rows.length === 0) break;
    const completed = await client.query(`update "${schema}".${table} set state = 'succeeded', result = $3 where id = $1 and lease_token = $2 and state = 'running'`, [rows[0].id, rows[0].lease_token, '{}']);
    done += completed.rowCount;
  }
  return { done, claimMs };
}

async function createRawTable(client, schema, table, jobs) {
  await client.query(
    `create table "${schema}".${table} (id bigint primary key, state text not null, priority int not null default 0, run_at timestamptz not null default now(),
       attempt int not null default 0, lease_owner text, lease_token bigint not null default 0, lease_expires_at timestamptz, result jsonb)`,
  );
  await client.query(`create index on "${schema}".${table} (priority, run_at, id) where state = 'queued'`);
  await client.query(`insert into "${schema}".${table} (id, state) select i, 'queued' from generate_series(1, ${jobs}) i`);
  await client.query(`analyze "${schema}".${table}`);
}

async function prepareRaw(url, schema, jobs) {
  await admin(url, `create schema "${schema}"`);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await createRawTable(client, schema, 'raw_jobs', jobs);
  } finally {
    await client.end();
  }
}

async function verifyRaw(url, schema, jobs) {
  const { rows } = await admin(url, `select count(*) filter (where state = 'succeeded' and attempt = 1 and lease_token = 1) as once from "${schema}".raw_jobs`);
  if (Number(rows[0].once) !== jobs) throw new Error(`raw bench run is wrong: ${rows[0].once} of ${jobs} jobs completed once`);
}

async function admin(url, text) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

function startWorker(url, schema, workerId, loops, mode) {
  const child = spawn(process.execPath, [here, '--worker', url, schema, workerId, String(loops), mode], { stdio: ['pipe', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  const ready = new Promise((resolve, reject) => {
    child.stdout.on('data', () => stdout.includes('ready') && resolve());
    child.once('exit', (code) => reject(new Error(`worker exited (${code}) before it was ready`)));
  });
  const done = new Promise((resolve, reject) =>
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(stdout.split('\n').filter(Boolean).at(-1))) : reject(new Error(`worker exited with ${code}`)))),
  );
  return { child, ready, done };
}

function percentile(values, share) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))];
}

/** Starts the workers together, and returns cycles per second and the claims' p99 in ms. */
async function race(url, schema, { processes, loops, mode }) {
  const workers = Array.from({ length: processes }, (_, index) => startWorker(url, schema, `w${index}`, loops, mode));
  await Promise.all(workers.map((entry) => entry.ready));
  const started = process.hrtime.bigint();
  for (const { child } of workers) child.stdin.end('go\n');
  const results = await Promise.all(workers.map((entry) => entry.done));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const done = results.reduce((sum, result) => sum + result.done, 0);
  return { done, seconds, p99: percentile(results.flatMap((result) => result.claimMs), 0.99) };
}

function report(label, jobs, { seconds, p99 }) {
  const perSecond = Math.round(jobs / seconds);
  console.log(`store-postgres: ${label}: ${perSecond} claim+complete cycles/s (${jobs} jobs in ${seconds.toFixed(2)} s), claim p99 ${p99.toFixed(1)} ms`);
  return { perSecond, p99 };
}

async function run(url, { processes, loops = 1, limited = false, jobs }) {
  const { createPostgresJobStore } = await import(dist);
  const schema = `bench_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const store = createPostgresJobStore({ connectionString: url, schema });
  try {
    await store.createMovie({ id: movieId, input: null, now: Date.now() });
    await store.enqueue(movieId, benchSpecs(jobs), Date.now());
    // Fresh statistics, as a long-lived database would have, so the planner uses the indexes.
    await admin(url, `analyze "${schema}".jobs`);
    const result = await race(url, schema, { processes, loops, mode: limited ? 'limited' : 'free' });
    const summary = await store.summarize(movieId);
    const all = await store.listJobs(movieId);
    if (result.done !== jobs || summary.completed !== jobs || all.some((job) => job.attempts !== 1 || job.leaseToken !== 1)) {
      throw new Error(`bench run is wrong: ${result.done} completions, ${JSON.stringify(summary)}`);
    }
    const numberingStarted = performance.now();
    const events = await store.lastEventSeq();
    const numberingMs = performance.now() - numberingStarted;
    // Each movie's creation, and each job's three events; the warm-up movies' too.
    const expected = 1 + 3 * jobs + processes * (1 + 3 * warmupCycles * loops);
    if (events !== expected) throw new Error(`bench run is wrong: the event log holds ${events} events, not ${expected}`);
    const connections = processes * loops;
    const label = `${processes} process${processes > 1 ? 'es' : ''} x ${loops} loop${loops > 1 ? 's' : ''} (${connections} connection${connections > 1 ? 's' : ''})${limited ? ', lane-limited claims' : ''}`;
    return { ...report(label, jobs, result), events, numberingMs };
  } finally {
    await store.close();
    await admin(url, `drop schema if exists "${schema}" cascade`);
  }
}

async function runRaw(url, { processes, jobs }) {
  const schema = `bench_raw_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  try {
    await prepareRaw(url, schema, jobs);
    const result = await race(url, schema, { processes, loops: 1, mode: 'raw' });
    await verifyRaw(url, schema, jobs);
    return report(`raw pg, no store, ${processes} processes (the reference loop)`, jobs, result);
  } finally {
    await admin(url, `drop schema if exists "${schema}" cascade`);
  }
}

/**
 * The store's statements and the raw loop, each through pgbench (see _pgbench.mjs): the statements
 * are recorded from one real claim and completion, then replayed for the rest of the movie's jobs.
 */
async function runPgbench(url, binary, wanted) {
  const { createPostgresJobStore } = await import(dist);
  // pgbench runs a whole number of cycles on each of its 8 connections.
  const jobs = Math.floor(wanted / 8) * 8;
  const schema = `bench_pgb_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const pool = recordingPool(url);
  const store = createPostgresJobStore({ pool, schema });
  try {
    await store.createMovie({ id: movieId, input: null, now: Date.now() });
    await store.enqueue(movieId, benchSpecs(jobs + 1), Date.now());
    await admin(url, `analyze "${schema}".jobs`);
    pool.sent.length = 0;
    const [job] = await store.claim({ movieId, workerId: 'w0', limit: 1, leaseMs: 600_000, now: Date.now() });
    await store.complete({ movieId, key: job.key, token: job.leaseToken }, { outputs: [], costUsd: 0.001 }, Date.now());
    const claim = pool.sent.find((entry) => entry.sql.includes('skip locked') && entry.sql.includes('returning'));
    const complete = pool.sent.find((entry) => entry.sql.startsWith('with "done"'));
    if (!claim || !complete) throw new Error(`store-postgres: the store's claim or completion statement was not found among:\n${pool.sent.map((entry) => entry.sql).join('\n')}`);
    const storePerSecond = await pgbench(binary, url, storeScript(claim, complete, job), jobs);
    const summary = await store.summarize(movieId);
    if (summary.completed !== jobs + 1) throw new Error(`pgbench run of the store's statements is wrong: ${JSON.stringify(summary)}`);
    const rawSchema = `${schema}_raw`;
    try {
      await prepareRaw(url, rawSchema, jobs);
      const rawPerSecond = await pgbench(binary, url, rawScript(rawSchema), jobs);
      await verifyRaw(url, rawSchema, jobs);
      return { storePerSecond, rawPerSecond };
    } finally {
      await admin(url, `drop schema if exists "${rawSchema}" cascade`);
    }
  } finally {
    await store.close();
    await pool.end();
    await admin(url, `drop schema if exists "${schema}" cascade`);
  }
}

async function main(url, jobs) {
  const one = await run(url, { processes: 1, jobs });
  const four = await run(url, { processes: 4, jobs });
  // The comparison with raw pg in alternating pairs, so that a burst of other work on a shared
  // machine lands on one pair rather than on one side; the pair of the median share is reported.
  const pairs = [];
  for (let round = 0; round < rounds; round++) {
    const store = await run(url, { processes: 8, jobs });
    const raw = await runRaw(url, { processes: 8, jobs });
    pairs.push({ store, raw, share: store.perSecond / raw.perSecond });
  }
  const { store: eight, raw } = [...pairs].sort((a, b) => a.share - b.share)[Math.floor(pairs.length / 2)];
  console.log(`store-postgres: 8 workers, store / raw pg in ${rounds} alternating pairs: ${pairs.map((pair) => `${Math.round(pair.share * 100)}%`).join(', ')}`);
  const onePool = await run(url, { processes: 1, loops: 8, jobs });
  const fourPools = await run(url, { processes: 4, loops: 2, jobs });
  const limited = await run(url, { processes: 8, limited: true, jobs });
  const share = (value, of) => Number((value / of).toFixed(2));
  const binary = await findPgbench();
  const sql = binary === undefined ? undefined : await runPgbench(url, binary, jobs);
  if (sql) {
    console.log(
      `store-postgres: through pgbench (a C client, 8 connections): the store's own statements ${sql.storePerSecond}/s, the raw loop ${sql.rawPerSecond}/s: ` +
        `${Math.round(share(sql.storePerSecond, sql.rawPerSecond) * 100)}%, the share the statements' work leaves before any client cost`,
    );
  } else console.log('store-postgres: pgbench not found (Debian: apt-get install postgresql-client); the statements-only comparison is skipped');
  console.log(
    `store-postgres: at 8 workers the store runs ${Math.round(share(eight.perSecond, raw.perSecond) * 100)}% (median pair) of the raw loop measured beside it (${raw.perSecond}/s), ` +
      `${Math.round(share(eight.perSecond, referencePerSecond) * 100)}% of the ${referencePerSecond}/s durable-jobs.md measured on an idle machine; lane-limited claims serialize per lane: ${limited.perSecond}/s`,
  );
  console.log(`store-postgres: the first read of the log after the 8-worker run numbered its ${eight.events} events in ${Math.round(eight.numberingMs)} ms`);
  console.log(
    JSON.stringify({
      bench: 'store-postgres',
      jobs,
      workers_1_per_s: one.perSecond,
      workers_4_per_s: four.perSecond,
      workers_8_per_s: eight.perSecond,
      raw_pg_workers_8_per_s: raw.perSecond,
      process_1_connections_8_per_s: onePool.perSecond,
      processes_4_connections_8_per_s: fourPools.perSecond,
      workers_8_lane_limited_per_s: limited.perSecond,
      claim_p99_ms_workers_8: Number(eight.p99.toFixed(1)),
      claim_p99_ms_workers_8_lane_limited: Number(limited.p99.toFixed(1)),
      event_numbering_ms_workers_8: Math.round(eight.numberingMs),
      workers_8_share_of_raw_beside: share(eight.perSecond, raw.perSecond),
      workers_8_share_of_raw_pairs: pairs.map((pair) => share(pair.store.perSecond, pair.raw.perSecond)),
      workers_8_share_of_reference: share(eight.perSecond, referencePerSecond),
      reference_raw_pg_workers_8_per_s: referencePerSecond,
      pgbench_store_statements_per_s: sql?.storePerSecond ?? null,
      pgbench_raw_per_s: sql?.rawPerSecond ?? null,
      pgbench_store_share_of_raw: sql ? share(sql.storePerSecond, sql.rawPerSecond) : null,
    }),
  );
}
