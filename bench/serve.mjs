// cinema serve: how fast events go from the store to a live client, and how fast the dashboard of a
// big movie loads. Against the built dists, in a temp dir, with SQLite.
// 1. Events per second: a writer works EVENT_JOBS jobs (enqueue, claim, complete: three events each)
//    as fast as it can while an SSE client follows /api/events/stream; from the first write to the
//    last event arriving at the client. Every event must arrive once, in order.
// 2. Page load: a movie of 2,000 jobs (half completed, each with a picture) opened in Chromium; the
//    time until the stages, the first page of pictures and the live stream are up, and what the page
//    fetched (it pages: it must not ask for every job).
// Usage: node bench/serve.mjs [eventJobs]   (after `npm run build`). Last line: one JSON object.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const load = (name) => import(new URL(`../packages/${name}/dist/index.js`, import.meta.url).href);
const { createMovieMaker } = await load('core');
const { createSqliteJobStore } = await load('tracker-sqlite');
const { animatic } = await load('provider-animatic');
const { createFfmpegPostProduction } = await load('postprod-ffmpeg');
const { startCinemaServer } = await load('server');
const { chromium } = await import('playwright-core');

const eventJobs = Number(process.argv[2] ?? 3000);
const token = 'bench-token';
const directory = mkdtempSync(join(tmpdir(), 'cinema-bench-serve-'));

function spec(key, stage = 'keyframes') {
  return { key, stage, lane: 'free', input: {}, inputHash: key, dependsOn: [] };
}

async function eventsPerSecond(server, store) {
  await store.createMovie({ id: 'events', input: { script: 'x' }, now: Date.now() });
  const after = await store.lastEventSeq();
  const response = await fetch(`${server.url}/api/events/stream?movieId=events&after=${after}`, { headers: { authorization: `Bearer ${token}` } });
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const expected = eventJobs * 3;
  const started = performance.now();
  const writing = (async () => {
    for (let batch = 0; batch < eventJobs; batch += 100) {
      const keys = Array.from({ length: Math.min(100, eventJobs - batch) }, (_, index) => `job-${batch + index}`);
      await store.enqueue('events', keys.map((key) => spec(key)), Date.now());
      const claimed = await store.claim({ movieId: 'events', workerId: 'bench', limit: 100, leaseMs: 60_000, now: Date.now() });
      await Promise.all(claimed.map((job) => store.complete({ movieId: 'events', key: job.key, token: job.leaseToken }, { outputs: [], costUsd: 0 }, Date.now())));
    }
    return performance.now();
  })();
  let received = 0;
  let last = after;
  let buffer = '';
  while (received < expected) {
    const { value, done } = await reader.read();
    if (done) throw new Error('the stream ended');
    buffer += value;
    const frames = buffer.split('\n\n');
    buffer = frames.pop();
    for (const frame of frames) {
      const id = /^id: (\d+)$/m.exec(frame)?.[1];
      if (id === undefined) continue;
      if (Number(id) <= last) throw new Error(`event ${id} came after ${last}`);
      last = Number(id);
      received++;
    }
  }
  const arrived = performance.now();
  const written = await writing;
  await reader.cancel();
  const seconds = (arrived - started) / 1000;
  return { events: received, writeSeconds: Math.round((written - started)) / 1000, seconds: Math.round(seconds * 1000) / 1000, eventsPerSecond: Math.round(received / seconds), lagAfterLastWriteMs: Math.round(arrived - written) };
}

async function pageLoad(server, store, baseDir) {
  const movieId = 'big';
  await store.createMovie({ id: movieId, input: { script: 'x' }, now: Date.now() });
  const stages = ['characters', 'keyframes', 'audio', 'videos'];
  const keys = Array.from({ length: 2000 }, (_, index) => `shot-${String(index).padStart(4, '0')}`);
  await store.enqueue(movieId, keys.map((key, index) => spec(key, stages[index % stages.length])), Date.now());
  const picture = fileURLToPath(new URL('../docs/serve-dashboard.png', import.meta.url));
  mkdirSync(join(baseDir, movieId, 'images'), { recursive: true });
  for (let done = 0; done < 1000; ) {
    const claimed = await store.claim({ movieId, workerId: 'bench', limit: Math.min(200, 1000 - done), leaseMs: 60_000, now: Date.now() });
    for (const job of claimed) {
      const path = `images/${job.key}.png`;
      copyFileSync(picture, join(baseDir, movieId, path));
      await store.complete({ movieId, key: job.key, token: job.leaseToken }, { outputs: [{ path, sha256: '0'.repeat(64), bytes: 1 }], costUsd: 0.01 }, Date.now());
    }
    done += claimed.length;
  }
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    const context = await browser.newContext();
    await context.addCookies([{ name: 'cinema_token', value: token, url: server.url }]);
    const page = await context.newPage();
    const requests = [];
    page.on('request', (request) => requests.push(new URL(request.url()).pathname + new URL(request.url()).search));
    const runs = [];
    for (let run = 0; run < 3; run++) {
      requests.length = 0;
      const started = performance.now();
      await page.goto(`${server.url}/#/movies/${movieId}`);
      await page.waitForFunction(() => document.querySelectorAll('[data-gallery] figure img').length >= 48 && document.querySelector('[data-stage-counts]') && document.getElementById('connection').classList.contains('live'), undefined, { polling: 10 });
      runs.push(performance.now() - started);
      await page.goto('about:blank');
    }
    const jobPages = requests.filter((path) => path.includes('/jobs?'));
    return { jobs: 2000, loadMs: Math.round(Math.min(...runs)), loadMsRuns: runs.map(Math.round), apiRequests: requests.filter((path) => path.startsWith('/api/') && !path.includes('/files/')).length, jobPageRequests: jobPages, pictures: requests.filter((path) => path.includes('/files/')).length };
  } finally {
    await browser.close();
  }
}

try {
  const baseDir = join(directory, 'movies');
  mkdirSync(baseDir);
  const maker = createMovieMaker(
    { models: { writer: animatic.textModel(), image: animatic.imageModel(), video: animatic.videoModel(), speech: animatic.speechModel() }, postProduction: createFfmpegPostProduction(), checks: false },
    { defaultStore: ({ baseDir: dir }) => createSqliteJobStore({ path: join(dir, 'cinema.db') }) },
  );
  const server = await startCinemaServer({ maker, baseDir, token, port: 0 });
  const store = await maker.store(baseDir);
  const events = await eventsPerSecond(server, store);
  console.log(`store -> SSE: ${events.events} events in ${events.seconds} s: ${events.eventsPerSecond} events/s (writes took ${events.writeSeconds} s; the last event arrived ${events.lagAfterLastWriteMs} ms after the last write)`);
  const page = await pageLoad(server, store, baseDir);
  console.log(`dashboard of a ${page.jobs}-job movie: ${page.loadMs} ms to stages, 48 pictures and the live stream (runs: ${page.loadMsRuns.join(', ')} ms); ${page.apiRequests} API requests, job pages asked: ${page.jobPageRequests.join(' ')}`);
  await server.close();
  await maker.close();
  console.log(JSON.stringify({ sse: events, page }));
} finally {
  rmSync(directory, { recursive: true, force: true });
}
