// A worker process for multi-process.test.ts: claims and completes jobs against the built dist until
// none are left, then writes what it did to a JSON file. Times are CLOCK_MONOTONIC (process.hrtime),
// which every process on the machine shares. `start` is taken after the claim committed and `end`
// before the completion is sent, so measured holding times lie inside the real ones.
import { writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { createSqliteJobStore } from '../../dist/index.js';

const [path, movieId, workerId, laneConcurrencyJson, outFile, synchronous] = process.argv.slice(2);
const laneConcurrency = JSON.parse(laneConcurrencyJson);
const store = await createSqliteJobStore({ path, synchronous });
process.stdout.write('ready\n');
await new Promise((resolve) => process.stdin.once('data', resolve));

const events = [];
const began = Date.now();
let emptyClaims = 0;
for (;;) {
  const jobs = await store.claim({ movieId, workerId, limit: 4, leaseMs: 600_000, now: Date.now(), laneConcurrency });
  if (jobs.length === 0) {
    emptyClaims++;
    if (emptyClaims % 4 === 0) {
      const summary = await store.summarize(movieId);
      if (summary.completed + summary.failed + summary.cancelled === summary.total) break;
    }
    await sleep(2);
    continue;
  }
  await Promise.all(
    jobs.map(async (job) => {
      const start = process.hrtime.bigint();
      if (job.lane !== 'free') await sleep(1);
      const end = process.hrtime.bigint();
      const completed = await store.complete({ movieId, key: job.key, token: job.leaseToken }, { outputs: [], result: { by: workerId }, costUsd: 0.001 }, Date.now());
      events.push({ key: job.key, lane: job.lane, attempts: job.attempts, start: String(start), end: String(end), completed });
    }),
  );
}
await store.close();
writeFileSync(outFile, JSON.stringify({ workerId, events, emptyClaims, elapsedMs: Date.now() - began }));
