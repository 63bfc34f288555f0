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
// so the store is compared with it on the machine as it is during the run.
// Usage: node bench/store-postgres.mjs [jobs]   (after `npm run build`). Last line: one JSON object.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const here = fileURLToPath(import.meta.url);
const dist = new URL('../packages/store-postgres/dist/index.js', import.meta.url).href;
const movieId = 'bench';
const referencePerSecond = 2193;

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
  await main(url, Number(process.argv[2] ?? 4000));
}

async function worker(url, schema, workerId, loops, limited) {
  const { createPostgresJobStore } = await import(dist);
  const store = createPostgresJobStore({ connectionString: url, schema, maxConnections: loops });
  // Connected, and the schema checked, before the clock starts.
  await Promise.all(Array.from({ length: loops }, () => store.getMovie(movieId)));
  process.stdout.write('ready\n');
  await new Promise((resolve) => process.stdin.once('data', resolve));
  let done = 0;
  let completedFalse = 0;
  const claimMs = [];
  const laneConcurrency = limited ? { lane: 64 } : undefined;
  const loop = async () => {
    for (;;) {
      const started = performance.now();
      const [job] = await store.claim({ movieId, workerId, limit: 1, leaseMs: 600_000, now: Date.now(), laneConcurrency });
      claimMs.push(performance.now() - started);
      if (!job) break;
      const ok = await store.complete({ movieId, key: job.key, token: job.leaseToken }, { outputs: [], costUsd: 0.001 }, Date.now());
      if (ok) done++;
      else completedFalse++;
    }
  };
  await Promise.all(Array.from({ length: loops }, loop));
  await store.close();
  process.stdout.write(JSON.stringify({ done, completedFalse, claimMs }) + '\n');
}

// The reference loop of durable-jobs.md §2b: a SKIP LOCKED claim CTE and a fenced completion, on
// a table of its own, through pg alone.
async function rawWorker(url, schema, workerId) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  process.stdout.write('ready\n');
  await new Promise((resolve) => process.stdin.once('data', resolve));
  let done = 0;
  const claimMs = [];
  for (;;) {
    const started = performance.now();
    const { rows } = await client.query(
      `with c as (select id from "${schema}".raw_jobs where state = 'queued' and run_at <= now() order by priority, run_at, id limit 1 for update skip locked)
       update "${schema}".raw_jobs j set state = 'running', attempt = j.attempt + 1, lease_owner = $1, lease_token = j.lease_token + 1, lease_expires_at = now() + interval '10 minutes'
       from c where j.id = c.id returning j.id, j.lease_token`,
      [workerId],
    );
    claimMs.push(performance.now() - started);
    if (rows.length === 0) break;
    const completed = await client.query(`update "${schema}".raw_jobs set state = 'succeeded', result = $3 where id = $1 and lease_token = $2 and state = 'running'`, [rows[0].id, rows[0].lease_token, '{}']);
    done += completed.rowCount;
  }
  await client.end();
  process.stdout.write(JSON.stringify({ done, completedFalse: 0, claimMs }) + '\n');
}

async function prepareRaw(url, schema, jobs) {
  await admin(url, `create schema "${schema}"`);
  await admin(
    url,
    `create table "${schema}".raw_jobs (id bigint primary key, state text not null, priority int not null default 0, run_at timestamptz not null default now(),
       attempt int not null default 0, lease_owner text, lease_token bigint not null default 0, lease_expires_at timestamptz, result jsonb)`,
  );
  await admin(url, `create index on "${schema}".raw_jobs (priority, run_at, id) where state = 'queued'`);
  await admin(url, `insert into "${schema}".raw_jobs (id, state) select i, 'queued' from generate_series(1, ${jobs}) i`);
  await admin(url, `analyze "${schema}".raw_jobs`);
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
    const specs = Array.from({ length: jobs }, (_, index) => ({ key: `job-${index}`, stage: 'bench', lane: 'lane', input: { index }, inputHash: String(index), dependsOn: [] }));
    await store.enqueue(movieId, specs, Date.now());
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
    if (events !== 1 + 3 * jobs) throw new Error(`bench run is wrong: the event log holds ${events} events, not ${1 + 3 * jobs}`);
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

async function main(url, jobs) {
  const one = await run(url, { processes: 1, jobs });
  const four = await run(url, { processes: 4, jobs });
  const eight = await run(url, { processes: 8, jobs });
  const raw = await runRaw(url, { processes: 8, jobs });
  const onePool = await run(url, { processes: 1, loops: 8, jobs });
  const fourPools = await run(url, { processes: 4, loops: 2, jobs });
  const limited = await run(url, { processes: 8, limited: true, jobs });
  const share = (value, of) => Number((value / of).toFixed(2));
  console.log(
    `store-postgres: at 8 workers the store runs ${Math.round(share(eight.perSecond, raw.perSecond) * 100)}% of the raw loop measured beside it (${raw.perSecond}/s), ` +
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
      workers_8_share_of_reference: share(eight.perSecond, referencePerSecond),
      reference_raw_pg_workers_8_per_s: referencePerSecond,
    }),
  );
}
