import { randomBytes } from 'node:crypto';
import { rm, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { CinemaError } from '../errors/index.js';
import type { Job, JobOutput } from '../job-store/v1/index.js';
import { fileMatchesOutput, mediaTypeFor } from '../movie/assets.js';
import { movieLayout } from '../movie/layout.js';
import { assetKey } from '../storage/asset-key.js';
import type { AssetStoreV1 } from '../storage/v1/index.js';

/**
 * Keeps one movie's local folder and its asset store in step, for a run on one of many machines:
 * a job's inputs come from the store when the local copy is missing or another version, and its
 * outputs go to the store before the job counts as completed, so a job on any machine finds them.
 */
export class MovieAssetSync {
  constructor(
    private readonly assets: AssetStoreV1,
    private readonly movieId: string,
    private readonly movieDir: string,
  ) {}

  /** Makes every output of these jobs present locally with the bytes its job recorded. */
  async fetch(jobs: Iterable<Pick<Job, 'key' | 'outputs'>>, abortSignal?: AbortSignal): Promise<void> {
    for (const job of jobs) {
      for (const output of job.outputs) await this.fetchFile(job.key, output.path, output, abortSignal);
    }
  }

  /** Puts the job's outputs in the store, from the local movie folder. */
  async put(outputs: readonly JobOutput[], abortSignal?: AbortSignal): Promise<void> {
    for (const output of outputs) await this.putFile(output.path, output, abortSignal);
  }

  /**
   * Before a job is made again: its earlier takes' files, which `moveAside` moves out of the new
   * take's way locally, are kept in the store under their take paths, so the new take may replace
   * the job's paths there and a `pick` on any machine still finds the old ones. The version in use
   * may have been made on another machine: it is got from the store first.
   */
  async keepTakes(job: Pick<Job, 'key' | 'takes'>, moveAside: () => Promise<void>, abortSignal?: AbortSignal): Promise<void> {
    for (const take of job.takes) {
      for (const output of take.outputs) {
        if (await fileMatchesOutput(join(this.movieDir, movieLayout.takeFile(job.key, take.take, output.path)), output)) continue;
        if (await fileMatchesOutput(join(this.movieDir, output.path), output)) continue;
        const key = assetKey(this.movieId, output.path);
        if ((await this.assets.stat(key))?.sha256 === output.sha256) await this.assets.get(key, join(this.movieDir, output.path), { abortSignal });
      }
    }
    await moveAside();
    await this.putTakes(job, abortSignal);
  }

  /**
   * Keeps the files of a job's earlier takes in the store under their take paths, so a `pick` on
   * any machine finds them. A take whose file is local at its take path (moved aside) is put; one
   * already stored is left alone.
   */
  async putTakes(job: Pick<Job, 'key' | 'takes'>, abortSignal?: AbortSignal): Promise<void> {
    for (const take of job.takes) {
      for (const output of take.outputs) {
        const aside = movieLayout.takeFile(job.key, take.take, output.path);
        if ((await this.assets.stat(assetKey(this.movieId, aside)))?.sha256 === output.sha256) continue;
        if (await fileMatchesOutput(join(this.movieDir, aside), output)) await this.putFile(aside, output, abortSignal);
      }
    }
  }

  /**
   * Gets a take's files from the store to its take paths, where the local folder lacks them (the
   * take was made on another machine).
   */
  async fetchTakes(job: Pick<Job, 'key' | 'takes'>, abortSignal?: AbortSignal): Promise<void> {
    for (const take of job.takes) {
      for (const output of take.outputs) {
        const aside = movieLayout.takeFile(job.key, take.take, output.path);
        if (await this.assets.stat(assetKey(this.movieId, aside))) await this.fetchFile(job.key, aside, output, abortSignal);
      }
    }
  }

  private async putFile(relativePath: string, output: JobOutput, abortSignal?: AbortSignal) {
    const key = assetKey(this.movieId, relativePath);
    await this.assets.put(key, { path: join(this.movieDir, relativePath), sha256: output.sha256, bytes: output.bytes, mediaType: mediaTypeFor(relativePath) }, { abortSignal });
  }

  private async fetchFile(jobKey: string, relativePath: string, output: JobOutput, abortSignal?: AbortSignal) {
    const local = join(this.movieDir, relativePath);
    if (await fileMatchesOutput(local, output)) return;
    const key = assetKey(this.movieId, relativePath);
    // Fetched beside the file, and put in its place only when it is the version the job recorded:
    // what the folder held is never replaced by a wrong one.
    const fetching = `${local}.${randomBytes(4).toString('hex')}.fetching`;
    const stored = await this.assets.get(key, fetching, { abortSignal }).catch(async (error: unknown) => {
      await rm(fetching, { force: true });
      throw error;
    });
    if (stored.sha256 === output.sha256) await rename(fetching, local);
    else {
      await rm(fetching, { force: true });
      throw new CinemaError({
        message: `${key} in ${this.assets.description} is not the version job ${jobKey} recorded (sha256 ${stored.sha256.slice(0, 12)}…, expected ${output.sha256.slice(0, 12)}…). Run \`cinema retry ${this.movieId} --job ${jobKey}\` to make it again.`,
        category: 'not_found',
        isRetryable: false,
      });
    }
  }
}
