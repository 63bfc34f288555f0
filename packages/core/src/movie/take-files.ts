import { mkdir, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Job, JobOutput } from '../job-store/v1/index.js';
import { fileMatchesOutput as fileMatches } from './assets.js';
import { movieLayout } from './layout.js';

async function move(from: string, to: string) {
  await mkdir(dirname(to), { recursive: true });
  await rename(from, to);
}

/**
 * Moves the files of a job's takes that are not in use out of the way of the next one: a take's
 * file still at the job's path (its checksum says so) goes to `movieLayout.takeFile`. Nothing is
 * deleted, and a file already moved is left alone, so running this again after a crash is safe.
 */
export async function moveTakesAside(movieDir: string, job: Pick<Job, 'key' | 'takes'>): Promise<void> {
  for (const take of job.takes) {
    for (const output of take.outputs) {
      const aside = join(movieDir, movieLayout.takeFile(job.key, take.take, output.path));
      if (await fileMatches(aside, output)) continue;
      const inPlace = join(movieDir, output.path);
      if (await fileMatches(inPlace, output)) await move(inPlace, aside);
    }
  }
}

/**
 * Puts take `picked`'s files at the job's paths and the take in use aside, before `pickTake`
 * records the swap. Returns false when a file of the picked take is nowhere to be found.
 */
export async function swapTakeFiles(movieDir: string, job: Pick<Job, 'key' | 'take' | 'outputs' | 'takes'>, picked: number): Promise<boolean> {
  const take = job.takes.find((candidate) => candidate.take === picked);
  if (!take) return false;
  for (const output of take.outputs) {
    const aside = join(movieDir, movieLayout.takeFile(job.key, picked, output.path));
    if (!(await fileMatches(aside, output)) && !(await fileMatches(join(movieDir, output.path), output))) return false;
  }
  await moveTakesAside(movieDir, { key: job.key, takes: [{ take: job.take, outputs: job.outputs, result: null, costUsd: 0, inputHash: '', completedAt: 0 }] });
  for (const output of take.outputs) {
    const aside = join(movieDir, movieLayout.takeFile(job.key, picked, output.path));
    if (await fileMatches(aside, output)) await move(aside, join(movieDir, output.path));
  }
  return true;
}
