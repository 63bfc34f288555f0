// Scale-out benchmarks: `cinema worker`'s loop (core's `runWorker`) in separate processes sharing one
// PostgreSQL store (CINEMA_BENCH_DATABASE_URL, else CINEMA_TEST_DATABASE_URL; `eval
// "$(scripts/start-test-postgres.sh)"` sets the latter) and one asset store (a shared folder), each
// worker with a movie folder of its own. The film is the orchestrator bench's: 40 scenes on fake
// providers with fixed latencies.
//  1. Makespan with 1 and with 3 workers, when provider limits are not the bottleneck: every lane
//     allows 64 at once and each worker runs at most `slots` jobs at a time (a machine's capacity,
//     as with a local model on its GPU), so more workers means more capacity. Timed from the plan
//     (`generate --detach`) to the movie's completion. Aim: 3 workers at most 0.4 x 1 worker.
//  2. Three workers with a requests-per-minute limit on the clip lane (and a looser one on the
//     image lane): the most provider requests in any 60-second window, per lane, counted by the
//     providers in every worker process. Aim: never above the limit.
// Usage: node bench/workers.mjs   (after `npm run build`). Last line: one JSON object.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const here = fileURLToPath(import.meta.url);
const core = new URL('../packages/core/dist/index.js', import.meta.url).href;
const testing = new URL('../packages/core/dist/testing/index.js', import.meta.url).href;
const storePostgres = new URL('../packages/store-postgres/dist/index.js', import.meta.url).href;
const scenes = 40;
const movieId = 'workers';
// The orchestrator bench's latencies with clips five times slower, so that clips (the work more
// workers share) outweigh the fixed part of the run: planning, the screenplay's chain and the edit.
const latency = { text: 40, image: 20, video: 3000, speech: 15 };
const slots = 2;
const rateLimits = { vid: 30, img: 60 };
const script = Array.from({ length: scenes }, (_, index) => `Scene ${index + 1} happens here.`).join('\n\n');

if (process.argv[2] === '--worker') await worker(JSON.parse(process.argv[3]));
else {
  const url = process.env.CINEMA_BENCH_DATABASE_URL ?? process.env.CINEMA_TEST_DATABASE_URL;
  if (!url) {
    console.error('workers: needs PostgreSQL. Set CINEMA_BENCH_DATABASE_URL (or run `eval "$(scripts/start-test-postgres.sh)"`, which sets CINEMA_TEST_DATABASE_URL).');
    process.exit(1);
  }
  await main(url);
}

/** The same maker in the planner and every worker: fake providers, the shared store and folder. */
async function makerFor({ url, schema, shared, limited, starts }) {
  const { createMovieMaker, localFolderAssetStore } = await import(core);
  const { createFakePostProduction, createFakeProvider } = await import(testing);
  const { createPostgresJobStore } = await import(storePostgres);
  const timed = (lane, model, method) => ({
    ...model,
    [method]: (options) => {
      starts.push({ lane, at: Date.now() });
      return model[method](options);
    },
  });
  const provider = (name) => createFakeProvider({ name, latencyMs: latency });
  const lanes = ['llm', 'img', 'vid', 'tts'];
  const limits = Object.fromEntries(lanes.map((lane) => [lane, { concurrency: 64, ...(limited && rateLimits[lane] ? { requestsPerMinute: rateLimits[lane] } : {}) }]));
  const store = createPostgresJobStore({ connectionString: url, schema });
  const maker = createMovieMaker(
    {
      store,
      storage: localFolderAssetStore(shared),
      models: {
        writer: timed('llm', provider('llm').textModel(), 'doGenerate'),
        image: timed('img', provider('img').imageModel(), 'doGenerate'),
        video: timed('vid', provider('vid').videoModel(), 'doStart'),
        speech: timed('tts', provider('tts').speechModel(), 'doGenerate'),
      },
      postProduction: createFakePostProduction(),
      limits,
      checks: false,
    },
    { orchestrator: { maxInFlight: slots, operationPollMs: { initial: 20, max: 50 }, idlePollMs: 50 } },
  );
  return { maker, store };
}

async function worker(settings) {
  const { runWorker } = await import(core);
  const starts = [];
  const { maker, store } = await makerFor({ ...settings, starts });
  const stop = new AbortController();
  process.on('SIGTERM', () => stop.abort());
  process.stdout.write('ready\n');
  await runWorker(maker, { baseDir: settings.baseDir, abortSignal: stop.signal, pollMs: 50 });
  await store.close();
  process.stdout.write(JSON.stringify({ starts }) + '\n');
}

function startWorker(settings) {
  const child = spawn(process.execPath, [here, '--worker', JSON.stringify(settings)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  const ready = new Promise((resolve) => child.stdout.on('data', () => output.includes('ready\n') && resolve()));
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    ready,
    async stop() {
      child.kill('SIGTERM');
      const code = await exited;
      if (code !== 0) throw new Error(`a worker exited with ${code}`);
      return JSON.parse(output.trim().split('\n').at(-1)).starts;
    },
  };
}

/** Plans the film, lets `count` workers make it, and returns the time it took and every provider request. */
async function film(url, count, limited) {
  const schema = `bench_workers_${process.pid}_${count}_${limited ? 'rpm' : 'free'}`;
  const root = mkdtempSync(join(tmpdir(), 'cinema-bench-workers-'));
  const shared = join(root, 'shared');
  const settings = (name) => {
    const baseDir = join(root, name);
    mkdirSync(baseDir, { recursive: true });
    return { url, schema, shared, limited, baseDir };
  };
  try {
    const planner = await makerFor({ ...settings('planner'), starts: [] });
    // The schema exists, and the workers are up, before the clock starts.
    await planner.store.listMovies();
    const workers = Array.from({ length: count }, (_, index) => startWorker(settings(`worker-${index}`)));
    await Promise.all(workers.map((one) => one.ready));
    const started = performance.now();
    await planner.maker.generate(script, { baseDir: settings('planner').baseDir, movieId, detach: true });
    // Done when the edit has made the film (until the screenplay exists, the plan is only its drafts).
    for (;;) {
      const summary = await planner.store.summarize(movieId);
      if (summary.failed + summary.cancelled > 0) throw new Error(`the film has failed jobs: ${JSON.stringify(summary)}`);
      const [edit] = await planner.store.listJobs(movieId, { stage: 'edit' });
      if (edit?.status === 'completed' && summary.completed === summary.total) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const makespan = performance.now() - started;
    const jobs = (await planner.store.summarize(movieId)).total;
    const starts = (await Promise.all(workers.map((one) => one.stop()))).flat();
    await planner.store.close();
    return { makespan, jobs, starts };
  } finally {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`drop schema if exists "${schema}" cascade`);
    await client.end();
    rmSync(root, { recursive: true, force: true });
  }
}

/** The most requests of each lane that started within any 60 s window [t, t + 60 s). */
function busiestMinute(starts) {
  const byLane = {};
  for (const { lane, at } of starts) (byLane[lane] ??= []).push(at);
  const most = {};
  for (const [lane, times] of Object.entries(byLane)) {
    times.sort((a, b) => a - b);
    let best = 0;
    for (let first = 0, last = 0; first < times.length; first++) {
      while (last < times.length && times[last] < times[first] + 60_000) last++;
      best = Math.max(best, last - first);
    }
    most[lane] = best;
  }
  return most;
}

async function main(url) {
  // Side by side: 1, then 3 workers, then 1 again, so a change in the machine's load shows.
  const one = await film(url, 1, false);
  const three = await film(url, 3, false);
  const oneAgain = await film(url, 1, false);
  const single = Math.min(one.makespan, oneAgain.makespan);
  const ratio = three.makespan / single;
  console.log(`makespan, ${scenes} scenes, ${one.jobs} jobs, ${slots} jobs at a time per worker, lanes not limiting:`);
  console.log(`  1 worker  ${one.makespan.toFixed(0)} ms (again: ${oneAgain.makespan.toFixed(0)} ms)`);
  console.log(`  3 workers ${three.makespan.toFixed(0)} ms: ${ratio.toFixed(3)} x 1 worker (aim <= 0.4)`);

  const limited = await film(url, 3, true);
  const most = busiestMinute(limited.starts);
  const over = Object.entries(rateLimits).filter(([lane, limit]) => (most[lane] ?? 0) > limit);
  console.log(`3 workers with requests-per-minute limits ${JSON.stringify(rateLimits)}: ${limited.makespan.toFixed(0)} ms`);
  for (const [lane, limit] of Object.entries(rateLimits)) {
    const count = limited.starts.filter((start) => start.lane === lane).length;
    console.log(`  ${lane}: ${count} requests, at most ${most[lane] ?? 0} in any 60 s window (limit ${limit})`);
  }
  if (over.length > 0) console.log(`  OVER THE LIMIT: ${over.map(([lane]) => lane).join(', ')}`);
  console.log(
    JSON.stringify({
      bench: 'workers',
      scenes,
      jobs: one.jobs,
      slots_per_worker: slots,
      makespan_1_worker_ms: Math.round(single),
      makespan_3_workers_ms: Math.round(three.makespan),
      makespan_ratio_3_to_1: Number(ratio.toFixed(3)),
      rpm_limits: rateLimits,
      rpm_most_in_60s: most,
      rpm_within_limits: over.length === 0,
    }),
  );
  if (over.length > 0) process.exitCode = 1;
}
