// Quality-check benchmark: the example film on the offline animatic at 320x180, made once with the
// ffmpeg checks on every still, clip and line and once without, side by side in one run. Prints both
// times and what the checks add (the aim is under 10% of the render). The last line is JSON.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryJobStore, createMovieMaker } from '@cinema/core';
import { createFfmpegAssetChecker, createFfmpegPostProduction } from '@cinema/postprod-ffmpeg';
import { animatic } from '@cinema/provider-animatic';

const script = readFileSync(new URL('../examples/scripts/the-lighthouse.fountain', import.meta.url), 'utf8');

async function film(checks) {
  const baseDir = mkdtempSync(join(tmpdir(), 'cinema-bench-checks-'));
  let checked = 0;
  const checker = checks ? createFfmpegAssetChecker() : false;
  const maker = createMovieMaker({
    store: new MemoryJobStore(),
    models: { writer: animatic.textModel(), image: animatic.imageModel(), video: animatic.videoModel(), speech: animatic.speechModel() },
    postProduction: createFfmpegPostProduction(),
    output: { width: 320, height: 180, fps: 12 },
    checks: checker,
  });
  const started = performance.now();
  const result = await maker.generate(script, { baseDir, movieId: 'lighthouse', onEvent: (event) => event.type === 'job:checked' && checked++ });
  const ms = performance.now() - started;
  rmSync(baseDir, { recursive: true, force: true });
  if (result.status !== 'completed') throw new Error(`the film ended ${result.status}`);
  return { ms, checked };
}

// Warm the animatic's caches and ffmpeg's page cache once, then measure in alternating order.
await film(false);
const without = [];
const withChecks = [];
let checkedJobs = 0;
for (let round = 0; round < 3; round++) {
  without.push((await film(false)).ms);
  const checked = await film(true);
  withChecks.push(checked.ms);
  checkedJobs = checked.checked;
}
// The fastest run of each: on a shared machine, the one least slowed by others.
const plain = Math.min(...without);
const checkedMs = Math.min(...withChecks);
const added = (checkedMs - plain) / plain;
console.log(`example film without checks: ${Math.round(plain)} ms (runs: ${without.map(Math.round).join(', ')})`);
console.log(`with the ffmpeg checks on ${checkedJobs} takes: ${Math.round(checkedMs)} ms (runs: ${withChecks.map(Math.round).join(', ')})`);
console.log(`checks add ${(added * 100).toFixed(1)}% (aim: under 10%)`);
console.log(JSON.stringify({ withoutMs: Math.round(plain), withChecksMs: Math.round(checkedMs), checkedTakes: checkedJobs, addedShare: Number(added.toFixed(3)) }));
