// Resume of a finished 2,000-job movie: the time `resume` takes in a fresh process state (new store
// connection, new MovieMaker) and the provider calls it makes (must be 0). SQLite, synchronous=FULL.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMovieMaker } from '@cinema/core';
import { createFakePostProduction, createFakeProvider } from '@cinema/core/testing';
import { createSqliteJobStore } from '@cinema/tracker-sqlite';

const scenes = 500; // 4 jobs a scene (2 keyframes, a clip, a line) + 6 sheets + screenplay + edit
const baseDir = mkdtempSync(join(tmpdir(), 'cinema-bench-resume-'));
const script = Array.from({ length: scenes }, (_, index) => `Scene ${index + 1}.`).join('\n\n');

function maker(provider) {
  return createMovieMaker({
    store: ({ baseDir: dir }) => createSqliteJobStore({ path: join(dir, 'cinema.db') }),
    models: { writer: provider.textModel(), image: provider.imageModel(), video: provider.videoModel(), speech: provider.speechModel() },
    postProduction: createFakePostProduction(),
    limits: { fake: { concurrency: 32 } },
  });
}

const buildProvider = createFakeProvider();
const building = maker(buildProvider);
const started = performance.now();
const made = await building.generate(script, { baseDir, movieId: 'long' });
const buildMs = performance.now() - started;
await building.close();
if (made.status !== 'completed') throw new Error(`the movie ended ${made.status}`);
const jobs = made.state.jobs.total;
console.log(`made a ${jobs}-job movie in ${(buildMs / 1000).toFixed(1)} s (${(buildMs / jobs).toFixed(2)} ms/job with asset writes)`);

const samples = [];
let calls = 0;
for (let run = 0; run < 5; run++) {
  const provider = createFakeProvider();
  const resuming = maker(provider);
  const begin = performance.now();
  const result = await resuming.resume('long', { baseDir });
  samples.push(performance.now() - begin);
  await resuming.close();
  calls += provider.calls.length;
  if (result.status !== 'completed') throw new Error(`resume ended ${result.status}`);
}
samples.sort((a, b) => a - b);
const median = samples[Math.floor(samples.length / 2)];
console.log(`resume of the finished ${jobs}-job movie: median ${median.toFixed(0)} ms, worst ${samples.at(-1).toFixed(0)} ms over ${samples.length} runs (target < 1000 ms); provider calls: ${calls} (target 0)`);
rmSync(baseDir, { recursive: true, force: true });
console.log(JSON.stringify({ bench: 'resume', jobs, resume_median_ms: Math.round(median), resume_worst_ms: Math.round(samples.at(-1)), provider_calls: calls }));
