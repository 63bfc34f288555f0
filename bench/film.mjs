// Whole films with the embedded defaults (animatic, SQLite, ffmpeg), through the real `cinema` bin:
//  1. wall time of the example film (examples/scripts/the-lighthouse.fountain, 1280x720);
//  2. peak memory of the whole process tree (node + ffmpeg children) for a 10-shot and a 100-shot
//     film, which must stay flat as the film grows. Linux: memory is read from /proc.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { treeRssKb } from './_process-memory.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'packages/cli/dist/cli.js');

/** Runs `cinema` and samples the memory of its process tree every 25 ms. */
function run(args, cwd) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    // A fresh TMPDIR gives the animatic an empty clip cache: every clip is rendered, as on a new machine.
    const child = spawn(process.execPath, [cli, ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1', TMPDIR: mkdtempSync(join(work, 'tmp-')) } });
    let stderr = '';
    let peak = 0;
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const sampler = setInterval(() => (peak = Math.max(peak, treeRssKb(child.pid))), 25);
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(sampler);
      if (code !== 0) reject(new Error(`cinema ${args.join(' ')} exited ${code}: ${stderr}`));
      else resolve({ seconds: (performance.now() - started) / 1000, peakMb: peak / 1024 });
    });
  });
}

function proseScript(shots) {
  const names = ['Ada', 'Bo', 'Cy'];
  return Array.from({ length: shots }, (_, index) => {
    const speaker = names[index % names.length];
    return `In the harbour office at dusk, ${speaker} checks ledger ${index + 1} by lamplight. "Page ${index + 1} balances," ${speaker} says.`;
  }).join('\n\n');
}

const work = mkdtempSync(join(tmpdir(), 'cinema-bench-film-'));
const example = await run(['generate', join(root, 'examples/scripts/the-lighthouse.fountain'), '--id', 'lighthouse', '--out', work], work);
console.log(`example film (the-lighthouse.fountain, 1280x720, 43 jobs): ${example.seconds.toFixed(1)} s wall, peak ${example.peakMb.toFixed(0)} MB`);

const smallConfig = join(work, 'small.config.mjs');
writeFileSync(smallConfig, 'export default { output: { width: 320, height: 180, fps: 12 } };\n');
const sizes = {};
for (const shots of [10, 100]) {
  const script = join(work, `ledger-${shots}.txt`);
  writeFileSync(script, proseScript(shots));
  const result = await run(['generate', script, '--id', `ledger-${shots}`, '--out', work, '--config', smallConfig], work);
  sizes[shots] = result;
  console.log(`${shots}-shot film (320x180): ${result.seconds.toFixed(1)} s wall, peak memory of the process tree ${result.peakMb.toFixed(0)} MB`);
}
const growth = sizes[100].peakMb / sizes[10].peakMb;
console.log(`peak memory, 100 shots / 10 shots: ${growth.toFixed(2)}x (flat is about 1)`);
rmSync(work, { recursive: true, force: true });
console.log(
  JSON.stringify({
    bench: 'film',
    example_film_s: Number(example.seconds.toFixed(1)),
    peak_mb_10_shots: Math.round(sizes[10].peakMb),
    peak_mb_100_shots: Math.round(sizes[100].peakMb),
    peak_growth_100_vs_10: Number(growth.toFixed(2)),
    seconds_10_shots: Number(sizes[10].seconds.toFixed(1)),
    seconds_100_shots: Number(sizes[100].seconds.toFixed(1)),
  }),
);
