import type { JobStoreV1, MovieRecord } from '../job-store/v1/index.js';
import type { CinemaEventListener } from '../orchestrator/events.js';
import { systemClock, type Clock } from '../util/clock.js';
import type { MovieMaker, MovieResult } from './movie-maker.js';

export interface WorkerOptions {
  /** The base directory whose job store (and movie folders, the local cache) the worker uses. */
  baseDir: string;
  /** Stops the worker: no new jobs, running ones given back, provider work kept for re-attachment. */
  abortSignal?: AbortSignal;
  onEvent?: CinemaEventListener;
  /** A movie's run ended (completed, waiting for review, failed jobs, budget reached). */
  onMovieEnd?: (result: MovieResult) => void;
  /** A movie could not be run; it is tried again after `errorBackoffMs`. */
  onMovieError?: (movieId: string, error: unknown) => void;
  /** Movies worked at once. Default: 4. */
  maxMovies?: number;
  /** How often the store is asked for movies with work. Default: 2,000 ms. */
  pollMs?: number;
  /** How long a movie that could not be run is left alone. Default: 60,000 ms. */
  errorBackoffMs?: number;
  clock?: Clock;
}

/**
 * Works the jobs of every movie in the store, as one of any number of workers on any machines,
 * until `abortSignal` stops it: a movie with jobs to run (or jobs other workers hold, whose leases
 * may need taking back) is resumed; one that waits for review, has only failed jobs or is done is
 * left until something changes (`retry`, `approve`, a new `generate --detach`). Resolves once every
 * movie's run has handed its jobs back.
 */
export async function runWorker(maker: MovieMaker, options: WorkerOptions): Promise<void> {
  const clock = options.clock ?? systemClock;
  const store = await maker.store(options.baseDir);
  const maxMovies = options.maxMovies ?? 4;
  const running = new Map<string, Promise<void>>();
  const resting = new Map<string, number>();
  // What a movie's jobs looked like when its run ended: it is not run again until they change
  // (a retry, an approval, a re-plan), or a movie whose pending jobs wait on failed ones would spin.
  const endedAs = new Map<string, string>();
  let changed: (() => void) | undefined;

  while (!options.abortSignal?.aborted) {
    for (const movie of await store.listMovies()) {
      if (running.size >= maxMovies || options.abortSignal?.aborted) break;
      if (running.has(movie.id) || (resting.get(movie.id) ?? 0) > clock.now()) continue;
      const work = await workOf(store, movie);
      if (!work.todo || endedAs.get(movie.id) === work.fingerprint) continue;
      const run = maker
        .resume(movie.id, { baseDir: options.baseDir, abortSignal: options.abortSignal, onEvent: options.onEvent })
        .then(
          async (result) => {
            endedAs.set(movie.id, (await workOf(store, movie)).fingerprint);
            options.onMovieEnd?.(result);
          },
          (error) => {
            resting.set(movie.id, clock.now() + (options.errorBackoffMs ?? 60_000));
            options.onMovieError?.(movie.id, error);
          },
        )
        .finally(() => {
          running.delete(movie.id);
          changed?.();
        });
      running.set(movie.id, run);
    }
    // Look again after a while, or as soon as a movie's run ends and frees its place.
    const wait = new AbortController();
    changed = () => wait.abort();
    const stop = () => wait.abort();
    options.abortSignal?.addEventListener('abort', stop, { once: true });
    await clock.sleep(options.pollMs ?? 2_000, wait.signal).catch(() => undefined);
    options.abortSignal?.removeEventListener('abort', stop);
    changed = undefined;
  }
  await Promise.allSettled(running.values());
}

/**
 * Whether a run of the movie has anything to do (jobs to claim, or jobs leased by workers that may
 * have died and need taking back), and a fingerprint of its jobs' states.
 */
async function workOf(store: JobStoreV1, movie: MovieRecord): Promise<{ todo: boolean; fingerprint: string }> {
  const summary = await store.summarize(movie.id);
  const free = summary.pending === 0 ? 0 : (await store.listJobs(movie.id, { status: 'pending' })).filter((job) => !job.held).length;
  const { total, pending, inProgress, waiting, completed, failed, cancelled, retired } = summary;
  return {
    todo: inProgress + waiting + free > 0,
    fingerprint: [total, pending, free, inProgress, waiting, completed, failed, cancelled, retired].join(','),
  };
}
