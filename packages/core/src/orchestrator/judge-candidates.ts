import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Job, JobOutput } from '../job-store/v1/index.js';
import { movieLayout } from '../movie/layout.js';
import type { JobOutcome } from '../pipeline/v1/index.js';
import type { JsonValue } from '../provider/v1/index.js';
import type { Judgement } from './judge.js';

/** A take the judge scored below the threshold, kept beside the job until a better one comes. */
export interface Candidate {
  attempt: number;
  score: number;
  problems: string[];
  outputs: JobOutput[];
  result: JsonValue | null;
}

function listFile(movieDir: string, key: string) {
  return join(movieDir, movieLayout.candidateList(key));
}

async function candidatesOf(movieDir: string, key: string): Promise<Candidate[]> {
  try {
    return JSON.parse(await readFile(listFile(movieDir, key), 'utf8')) as Candidate[];
  } catch {
    return [];
  }
}

/** Copies the take's files aside and adds it to the job's candidates; returns them all, this one last. */
export async function keepCandidate(movieDir: string, job: Pick<Job, 'key' | 'attempts'>, outcome: JobOutcome, judgement: Judgement): Promise<Candidate[]> {
  for (const output of outcome.outputs) {
    const aside = join(movieDir, movieLayout.candidateFile(job.key, job.attempts, output.path));
    await mkdir(dirname(aside), { recursive: true });
    await copyFile(join(movieDir, output.path), aside);
  }
  const candidates = (await candidatesOf(movieDir, job.key)).filter((candidate) => candidate.attempt !== job.attempts);
  candidates.push({ attempt: job.attempts, score: judgement.score, problems: judgement.problems, outputs: outcome.outputs, result: outcome.result ?? null });
  await mkdir(dirname(listFile(movieDir, job.key)), { recursive: true });
  await writeFile(listFile(movieDir, job.key), JSON.stringify(candidates, null, 2));
  return candidates;
}

/** Puts the best-scored candidate's files at the job's paths (ties go to the later take) and returns it. */
export async function putBestCandidate(movieDir: string, job: Pick<Job, 'key'>, candidates: readonly Candidate[]): Promise<Candidate> {
  const best = candidates.reduce((winner, candidate) => (candidate.score >= winner.score ? candidate : winner));
  for (const output of best.outputs) await copyFile(join(movieDir, movieLayout.candidateFile(job.key, best.attempt, output.path)), join(movieDir, output.path));
  return best;
}
