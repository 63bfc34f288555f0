// Shared by the benchmarks (run-all.mjs skips files starting with `_`): the resident memory of a
// process and all its descendants, read from /proc (Linux only; 0 elsewhere).
import { readFileSync } from 'node:fs';

function childrenOf(pid) {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function rssKb(pid) {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** RSS in kB of `pid` and every process below it. */
export function treeRssKb(pid) {
  let total = rssKb(pid);
  for (const child of childrenOf(pid)) total += treeRssKb(child);
  return total;
}
