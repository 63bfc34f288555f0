import { CinemaError } from '../errors/index.js';
import type { Job, JobOutput } from '../job-store/v1/index.js';
import { outputsPresent } from '../movie/assets.js';
import type { AssetListing, AssetStoreV1 } from '../storage/v1/index.js';

/**
 * Stops a resume when files of finished jobs are gone or changed: a film is never built on a
 * missing file, and nothing is paid for again without the user saying so. Without an asset store
 * the movie folder must hold them, with one the store must (a machine's folder only caches what its
 * jobs used): at the size the job recorded, from one listing, which every worker does as it takes
 * up a movie. Checksums are compared when a file is fetched for a job.
 */
export async function requireOutputsPresent(movieId: string, movieDir: string, completed: readonly Job[], assets?: AssetStoreV1): Promise<void> {
  const stored = assets && new Map((await assets.list(`${movieId}/`)).map((info) => [info.key, info] as const));
  const missing: string[] = [];
  for (const job of completed) {
    if (job.outputs.length === 0) continue;
    const present = stored ? job.outputs.every((output) => inStore(stored, movieId, output)) : await outputsPresent(movieDir, job.outputs);
    if (!present) missing.push(job.key);
  }
  if (missing.length === 0) return;
  throw new CinemaError({
    category: 'input',
    message:
      `Files made by ${missing.length} finished job(s) are missing or changed (${missing.slice(0, 3).join(', ')}` +
      `${missing.length > 3 ? ', ...' : ''}) in ${assets ? assets.description : movieDir}. Restore them, or run \`cinema retry ${movieId} --job <key>\` to make them again.`,
  });
}

function inStore(stored: ReadonlyMap<string, AssetListing>, movieId: string, output: JobOutput): boolean {
  return stored.get(`${movieId}/${output.path}`)?.bytes === output.bytes;
}
