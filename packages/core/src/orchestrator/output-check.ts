import { CinemaError } from '../errors/index.js';
import type { Job } from '../job-store/v1/index.js';
import { outputsPresent } from '../movie/assets.js';

/**
 * Stops a resume when files of finished jobs are gone or changed size: a film is never built on a
 * missing file, and nothing is paid for again without the user saying so.
 */
export async function requireOutputsPresent(movieId: string, movieDir: string, completed: readonly Job[]): Promise<void> {
  const missing: string[] = [];
  for (const job of completed) {
    if (job.outputs.length > 0 && !(await outputsPresent(movieDir, job.outputs))) missing.push(job.key);
  }
  if (missing.length === 0) return;
  throw new CinemaError({
    category: 'input',
    message:
      `Files made by ${missing.length} finished job(s) are missing or changed on disk (${missing.slice(0, 3).join(', ')}` +
      `${missing.length > 3 ? ', ...' : ''}) under ${movieDir}. Restore them, or run \`cinema retry ${movieId} --job <key>\` to make them again.`,
  });
}
