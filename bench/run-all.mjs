// Runs every benchmark in this folder, one after another, and prints their figures. The last line
// is one JSON object with every benchmark's summary, keyed by file name.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((file) => file.endsWith('.mjs') && file !== 'run-all.mjs' && !file.startsWith('_'))
  .filter((file) => only.length === 0 || only.some((name) => file.includes(name)))
  .sort();
const summary = {};
let failed = false;
for (const file of files) {
  console.log(`\n== ${file}`);
  const result = spawnSync(process.execPath, ['--expose-gc', join(here, file)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  process.stdout.write(result.stdout);
  const last = result.stdout.trim().split('\n').at(-1) ?? '';
  try {
    summary[file.replace(/\.mjs$/, '')] = JSON.parse(last);
  } catch {
    summary[file.replace(/\.mjs$/, '')] = { error: `exit ${result.status}` };
    failed = true;
  }
  if (result.status !== 0) failed = true;
}
console.log(JSON.stringify(summary));
process.exitCode = failed ? 1 : 0;
