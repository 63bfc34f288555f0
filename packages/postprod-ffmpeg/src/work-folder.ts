import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { EditPlan } from './edit-plan.js';

/** Whether a process with this id is running (a render that may still be writing its files). */
function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function entries(folder: string): Promise<string[]> {
  try {
    return await readdir(folder);
  } catch {
    return [];
  }
}

/**
 * After a good render: removes the parts, dialogue chunks and subtitle texts the plan no longer uses
 * (an edited film's old versions), the partial files of renders that were killed, their scratch
 * folders, and the normalised clips (`clip-*.mp4`) that editors before parts normalised their own clips
 * left. What a render still running writes (its process id is in the name) is left alone. So the work
 * folder holds one film's worth of parts, whatever was edited before.
 */
export async function removeStaleWorkFiles(plan: EditPlan, workDir: string): Promise<void> {
  const keep = new Set(plan.cacheFiles);
  const writer = (name: string) => Number(/\.(\d+)\.partial$/.exec(name)?.[1] ?? /^render-(\d+)-/.exec(name)?.[1] ?? Number.NaN);
  const stale = (name: string) => !(Number.isInteger(writer(name)) && isRunning(writer(name)));
  for (const folder of [plan.cacheDir, plan.textDir]) {
    for (const name of await entries(folder)) {
      const file = path.join(folder, name);
      if (!keep.has(file) && stale(name)) await rm(file, { force: true });
    }
  }
  for (const name of await entries(workDir)) {
    if (name.startsWith('render-') && stale(name)) await rm(path.join(workDir, name), { recursive: true, force: true });
    else if (/^clip-.*\.mp4(\.partial)?$/.test(name)) await rm(path.join(workDir, name), { force: true });
  }
}
