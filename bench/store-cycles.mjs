// Claim + complete cycles per second of @cinema/tracker-sqlite, against the built dist, in a temp dir.
// Runs synchronous=FULL (the default) and NORMAL, with 1 and 4 worker processes, JOBS jobs each run.
// Each process runs its claim -> complete loop once (1 job in flight) and, like an orchestrator with
// many jobs running, as 8 concurrent loops (8 in flight), where the store's group commit shares one
// fsync among the writes of one event-loop turn. Every run checks that each job was claimed and
// completed exactly once.
// Usage: node bench/store-cycles.mjs [jobs]   (after `npm run build`). Last line: one JSON object.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(import.meta.url);
const dist = new URL('../packages/tracker-sqlite/dist/index.js', import.meta.url).href;
const { createSqliteJobStore } = await import(dist);
const movieId = 'bench';

if (process.argv[2] === '--worker') {
  await worker(process.argv[3], process.argv[4], process.argv[5], Number(process.argv[6]));
} else {
  await main(Number(process.argv[2] ?? 5000));
}

async function worker(path, synchronous, workerId, inFlight) {
  const store = await createSqliteJobStore({ path, synchronous });
  process.stdout.write('ready\n');
  await new Promise((resolve) => process.stdin.once('data', resolve));
  let done = 0;
  let completedFalse = 0;
  const loop = async () => {
    for (;;) {
      const [job] = await store.claim({ movieId, workerId, limit: 1, leaseMs: 600_000, now: Date.now() });
      if (!job) break;
      const ok = await store.complete({ movieId, key: job.key, token: job.leaseToken }, { outputs: [], costUsd: 0.001 }, Date.now());
      if (ok) done++;
      else completedFalse++;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, loop));
  await store.close();
  process.stdout.write(JSON.stringify({ done, completedFalse }) + '\n');
}

async function prepare(directory, synchronous, jobs) {
  const path = join(directory, `${synchronous}-${Math.random().toString(36).slice(2)}.db`);
  const store = await createSqliteJobStore({ path, synchronous });
  await store.createMovie({ id: movieId, input: null, now: 0 });
  const specs = Array.from({ length: jobs }, (_, index) => ({ key: `job-${index}`, stage: 'bench', lane: 'lane', input: { index }, inputHash: String(index), dependsOn: [] }));
  await store.enqueue(movieId, specs, 0);
  return { path, store };
}

async function verify(store, jobs) {
  const summary = await store.summarize(movieId);
  const all = await store.listJobs(movieId);
  if (summary.completed !== jobs || all.some((job) => job.attempts !== 1 || job.leaseToken !== 1)) {
    throw new Error(`bench run is wrong: ${JSON.stringify(summary)}`);
  }
  await store.close();
}

function startWorker(path, synchronous, workerId, inFlight) {
  const child = spawn(process.execPath, [here, '--worker', path, synchronous, workerId, String(inFlight)], { stdio: ['pipe', 'pipe', 'inherit'] });
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

async function run(directory, synchronous, processes, jobs, inFlight = 1) {
  const { path, store } = await prepare(directory, synchronous, jobs);
  const workers = Array.from({ length: processes }, (_, index) => startWorker(path, synchronous, `w${index}`, inFlight));
  await Promise.all(workers.map((entry) => entry.ready));
  const started = process.hrtime.bigint();
  for (const { child } of workers) child.stdin.end('go\n');
  const results = await Promise.all(workers.map((entry) => entry.done));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const done = results.reduce((sum, result) => sum + result.done, 0);
  if (done !== jobs) throw new Error(`expected ${jobs} completions, got ${done}`);
  await verify(store, jobs);
  const perSecond = Math.round(jobs / seconds);
  console.log(`store-cycles: synchronous=${synchronous}, ${processes} process${processes > 1 ? 'es' : ''}, ${inFlight} in flight each: ${perSecond} claim+complete cycles/s (${jobs} jobs in ${seconds.toFixed(2)} s)`);
  return perSecond;
}

async function main(jobs) {
  const directory = mkdtempSync(join(tmpdir(), 'cinema-bench-store-'));
  try {
    const figures = {
      bench: 'store-cycles',
      jobs,
      full_1proc_per_s: await run(directory, 'FULL', 1, jobs),
      full_4proc_per_s: await run(directory, 'FULL', 4, jobs),
      normal_1proc_per_s: await run(directory, 'NORMAL', 1, jobs),
      normal_4proc_per_s: await run(directory, 'NORMAL', 4, jobs),
      full_1proc_8inflight_per_s: await run(directory, 'FULL', 1, jobs, 8),
      full_4proc_8inflight_per_s: await run(directory, 'FULL', 4, jobs, 8),
    };
    console.log(JSON.stringify(figures));
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
