import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CinemaError, InvalidInputError, MovieNotFoundError } from '../errors/index.js';
import type { Job, JobStoreV1 } from '../job-store/v1/index.js';
import { defaultMovieSettings } from '../pipeline/default-movie-settings.js';
import type { JsonValue, TextModelV1 } from '../provider/v1/index.js';
import { type ChangePlan, planChange } from './change-plan.js';
import type { RunStatus, CinemaEventListener } from '../orchestrator/events.js';
import type { OrchestratorOptions } from '../orchestrator/orchestrator-options.js';
import type { Pipeline } from '../pipeline/pipeline.js';
import type { PipelineState } from '../pipeline/pipeline-state.js';
import type { MovieInput, MovieSettings } from '../pipeline/v1/index.js';
import { sha256 } from '../util/hash.js';
import { assertValidMovieId, suggestMovieId } from '../util/movie-id.js';
import { movieLayout } from './layout.js';

export type StoreFactory = (context: { baseDir: string }) => JobStoreV1 | Promise<JobStoreV1>;

export interface MovieMakerOptions {
  pipeline: Pipeline;
  /** A store, or a factory called once per base directory (e.g. SQLite at `{baseDir}/cinema.db`). */
  store: JobStoreV1 | StoreFactory;
  settings?: Partial<MovieSettings>;
  /** Limits, budget, retries, timeouts. */
  orchestrator?: Omit<OrchestratorOptions, 'store' | 'abortSignal' | 'onEvent'>;
  /** Drafts an edited script's changed scenes for `plan`, when it is free to ask (the offline writer). Default: none. */
  draftWriter?: TextModelV1;
}

export interface RunOptions {
  baseDir: string;
  abortSignal?: AbortSignal;
  onEvent?: CinemaEventListener;
}

export interface GenerateOptions extends RunOptions {
  /** Default: derived from `scriptName` (or the title) and a hash of the script. */
  movieId?: string;
  /** The script's file name, for the default id and for messages. */
  scriptName?: string;
  /**
   * Asked when the movie exists with another script: gets what the edit would make and cost, and
   * says whether to go ahead (`update`). Default: none, and such a call fails, naming `cinema plan`.
   */
  confirmChange?: (plan: ChangePlan) => boolean | Promise<boolean>;
}

export interface MovieResult {
  movieId: string;
  status: RunStatus;
  /** Absolute path of `{movie_id}_final.mp4` once it exists. */
  finalVideo: string | null;
  state: PipelineState;
}

export interface StageStatus {
  total: number;
  completed: number;
  failed: number;
  costUsd: number;
}

export interface MovieStatus {
  movieId: string;
  status: RunStatus | 'not_started';
  /** 0 to 100. */
  progress: number;
  completed: number;
  total: number;
  failed: number;
  stages: Record<string, StageStatus>;
  costUsd: number;
  /** Estimated cost of the jobs not yet completed. */
  remainingEstimateUsd: number;
  finalVideo: string | null;
  movieDir: string;
}

export interface CancelOptions {
  baseDir: string;
  /** Only these jobs. Default: every unfinished job of the movie. */
  keys?: string[];
  onEvent?: CinemaEventListener;
}

export interface CancelResult {
  /** Keys of the jobs cancelled. */
  cancelled: string[];
  /** Keys of the jobs whose provider work was asked to stop. */
  providerCancelled: string[];
  /** Jobs whose provider could not be asked to stop (it may still bill for them), with why. */
  providerErrors: { key: string; message: string }[];
}

/** Makes films: `generate` a script, `resume` a movie after a stop or crash, `getStatus` at any time, `cancel` what is no longer wanted. */
export class MovieMaker {
  private readonly stores = new Map<string, Promise<JobStoreV1>>();

  constructor(private readonly options: MovieMakerOptions) {}

  async generate(script: string, options: GenerateOptions): Promise<MovieResult> {
    const baseDir = await checkBaseDir(options.baseDir);
    if (typeof script !== 'string' || script.trim() === '') {
      throw new InvalidInputError({ message: `The script${options.scriptName ? ` ${options.scriptName}` : ''} is empty: write some scenes first.` });
    }
    const movieId = options.movieId ?? suggestMovieId(options.scriptName?.replace(/\.[^.]+$/, '') ?? firstLine(script), sha256(script));
    assertValidMovieId(movieId);
    const store = await this.store(baseDir);
    const existing = await store.getMovie(movieId);
    const input: MovieInput = { script, scriptName: options.scriptName };
    if (existing && (existing.input as unknown as MovieInput | null)?.script !== script) {
      if (!options.confirmChange) {
        throw new InvalidInputError({
          message: `Movie "${movieId}" already exists in ${baseDir} with a different script. Run \`cinema plan <script> --id ${movieId}\` to see what the edit would make and cost, then \`cinema generate <script> --id ${movieId} --yes\` to make it; or choose another --id.`,
        });
      }
      const plan = await this.plan(movieId, script, { baseDir });
      if (!(await options.confirmChange(plan))) {
        const state = (existing.state as unknown as PipelineState | null) ?? (await this.options.pipeline.state(movieId, 'stopped', null, { store }));
        return { movieId, status: 'stopped', finalVideo: state.finalVideo && join(movieLayout.movieDir(baseDir, movieId), state.finalVideo), state };
      }
      return this.update(movieId, script, options);
    }
    return this.execute(movieId, input, baseDir, store, options);
  }

  /**
   * What an edited script would make and cost for an existing movie, before anything is spent:
   * per scene unchanged / changed / new / removed, and per stage the jobs to make and their price.
   */
  async plan(movieId: string, script: string, options: { baseDir: string }): Promise<ChangePlan> {
    assertValidMovieId(movieId);
    const baseDir = await checkBaseDir(options.baseDir);
    const store = await this.store(baseDir);
    const movie = await store.getMovie(movieId);
    if (!movie) throw new MovieNotFoundError({ movieId, where: baseDir });
    const previous = movie.input as unknown as MovieInput;
    return planChange({
      stages: this.options.pipeline.stages,
      store,
      movieId,
      input: { ...previous, script },
      settings: { ...defaultMovieSettings, ...this.options.settings },
      draftWriter: this.options.draftWriter,
    });
  }

  /**
   * Makes the movie from an edited script: finished jobs whose inputs are the same are kept with no
   * provider call, changed ones are made again (their old versions kept as takes) and their
   * dependents follow, jobs of removed scenes are retired with their files kept.
   */
  async update(movieId: string, script: string, options: RunOptions & { scriptName?: string }): Promise<MovieResult> {
    assertValidMovieId(movieId);
    const baseDir = await checkBaseDir(options.baseDir);
    if (typeof script !== 'string' || script.trim() === '') throw new InvalidInputError({ message: 'The edited script is empty: write some scenes first.' });
    const store = await this.store(baseDir);
    const movie = await store.getMovie(movieId);
    if (!movie) throw new MovieNotFoundError({ movieId, where: baseDir });
    const input: MovieInput = { ...(movie.input as unknown as MovieInput), script, ...(options.scriptName ? { scriptName: options.scriptName } : {}) };
    await store.setMovieInput(movieId, input as unknown as JsonValue, Date.now());
    return this.execute(movieId, input, baseDir, store, options);
  }

  /**
   * Lets held jobs go on (the review gate): those named by key, those of the shots named
   * (`scene_2:shot_1`, or a whole `scene_2`), or all. Returns the keys approved.
   */
  async approve(movieId: string, options: { baseDir: string; keys?: string[]; shots?: string[]; all?: boolean }): Promise<string[]> {
    const store = await this.movieStore(movieId, options.baseDir);
    const held = (await store.listJobs(movieId, { status: 'pending' })).filter((job) => job.held);
    const chosen = held.filter((job) => options.all || options.keys?.includes(job.key) || (options.shots ?? []).some((shot) => shotMatches(job, shot)));
    await store.approve(movieId, chosen.map((job) => job.key), Date.now());
    return chosen.map((job) => job.key);
  }

  async resume(movieId: string, options: RunOptions): Promise<MovieResult> {
    assertValidMovieId(movieId);
    const baseDir = await checkBaseDir(options.baseDir);
    const store = await this.store(baseDir);
    const movie = await store.getMovie(movieId);
    if (!movie) throw new MovieNotFoundError({ movieId, where: baseDir });
    return this.execute(movieId, movie.input as unknown as MovieInput, baseDir, store, options);
  }

  async getStatus(movieId: string, options: { baseDir: string }): Promise<MovieStatus> {
    assertValidMovieId(movieId);
    const baseDir = await checkBaseDir(options.baseDir);
    const store = await this.store(baseDir);
    const movie = await store.getMovie(movieId);
    if (!movie) throw new MovieNotFoundError({ movieId, where: baseDir });
    const summary = await store.summarize(movieId);
    const saved = movie.state as unknown as PipelineState | null;
    const finalVideo = movieLayout.finalVideo(movieId);
    const film = (await store.listJobs(movieId, { status: 'completed' })).find((job) => job.outputs.some((output) => output.path === finalVideo));
    const movieDir = movieLayout.movieDir(baseDir, movieId);
    const stages: Record<string, StageStatus> = {};
    for (const [name, stage] of Object.entries(summary.stages)) {
      stages[name] = { total: stage.total, completed: stage.completed, failed: stage.failed, costUsd: stage.costUsd };
    }
    let status: MovieStatus['status'] = saved?.status ?? 'not_started';
    if (summary.inProgress + summary.waiting > 0) status = 'running';
    if (film) status = 'completed';
    return {
      movieId,
      status,
      progress: summary.total === 0 ? 0 : Math.round((summary.completed / summary.total) * 1000) / 10,
      completed: summary.completed,
      total: summary.total,
      failed: summary.failed,
      stages,
      costUsd: summary.costUsd,
      remainingEstimateUsd: summary.remainingEstimateUsd,
      finalVideo: film ? join(movieDir, finalVideo) : null,
      movieDir,
    };
  }

  /**
   * Stops a movie's unfinished jobs for good (all of them, or those named in `keys`): they become
   * `cancelled`, a process still running them stops at its next heartbeat, and provider work
   * already submitted is asked to stop so it is not billed (the stage's `cancel`). Finished jobs and
   * their files are kept; `retry` puts cancelled jobs back. Ctrl-C is not this: it keeps submitted
   * work for `resume` to re-attach.
   */
  async cancel(movieId: string, options: CancelOptions): Promise<CancelResult> {
    assertValidMovieId(movieId);
    const baseDir = await checkBaseDir(options.baseDir);
    const store = await this.store(baseDir);
    if (!(await store.getMovie(movieId))) throw new MovieNotFoundError({ movieId, where: baseDir });
    const cancelled = await store.cancel(movieId, { keys: options.keys }, Date.now());
    const result: CancelResult = { cancelled: cancelled.map((job) => job.key), providerCancelled: [], providerErrors: [] };
    const stages = new Map(this.options.pipeline.stages.map((stage) => [stage.name, stage]));
    await Promise.all(
      cancelled.map(async (job) => {
        const stage = stages.get(job.stage);
        let providerCancelled = false;
        if (job.operation !== null && stage?.cancel) {
          try {
            await stage.cancel(job);
            providerCancelled = true;
            result.providerCancelled.push(job.key);
          } catch (error) {
            result.providerErrors.push({ key: job.key, message: CinemaError.isInstance(error) ? error.message : String(error) });
          }
        }
        options.onEvent?.({ type: 'job:cancelled', movieId, key: job.key, stage: job.stage, providerCancelled, at: Date.now() });
      }),
    );
    return result;
  }

  private async movieStore(movieId: string, baseDirOption: string): Promise<JobStoreV1> {
    assertValidMovieId(movieId);
    const baseDir = await checkBaseDir(baseDirOption);
    const store = await this.store(baseDir);
    if (!(await store.getMovie(movieId))) throw new MovieNotFoundError({ movieId, where: baseDir });
    return store;
  }

  /** The store for a base directory (opened once). */
  store(baseDir: string): Promise<JobStoreV1> {
    const key = resolve(baseDir);
    let store = this.stores.get(key);
    if (!store) {
      const option = this.options.store;
      store = Promise.resolve(typeof option === 'function' ? option({ baseDir: key }) : option);
      this.stores.set(key, store);
      store.catch(() => this.stores.delete(key));
    }
    return store;
  }

  async close(): Promise<void> {
    const stores = await Promise.allSettled(this.stores.values());
    this.stores.clear();
    for (const store of stores) if (store.status === 'fulfilled') await store.value.close();
  }

  private async execute(movieId: string, input: MovieInput, baseDir: string, store: JobStoreV1, options: RunOptions): Promise<MovieResult> {
    const movieDir = movieLayout.movieDir(baseDir, movieId);
    const state = await this.options.pipeline.execute(
      { movieId, movieDir, input, settings: this.options.settings },
      { ...this.options.orchestrator, store, abortSignal: options.abortSignal, onEvent: options.onEvent },
    );
    return { movieId, status: state.status, finalVideo: state.finalVideo && join(movieDir, state.finalVideo), state };
  }
}

async function checkBaseDir(baseDir: string): Promise<string> {
  if (typeof baseDir !== 'string' || baseDir === '') throw new InvalidInputError({ message: 'No base directory given: pass baseDir (the CLI\'s --out).' });
  const absolute = resolve(baseDir);
  try {
    const info = await stat(absolute);
    if (!info.isDirectory()) throw new InvalidInputError({ message: `The base directory ${absolute} is a file, not a directory: pass a directory.` });
  } catch (error) {
    if (CinemaError.isInstance(error)) throw error;
    throw new InvalidInputError({ message: `The base directory ${absolute} does not exist: create it (mkdir -p ${absolute}) or pass another one.` });
  }
  return absolute;
}

/** Whether a job belongs to a shot named `scene_2:shot_1` (or to any shot of `scene_2`). */
export function shotMatches(job: Pick<Job, 'sceneId' | 'input'>, shot: string): boolean {
  const [sceneId, shotId] = shot.split(':');
  if (job.sceneId !== sceneId) return false;
  return shotId === undefined || (job.input as { shotId?: unknown } | null)?.shotId === shotId;
}

function firstLine(script: string): string {
  const title = /^title:\s*(.+)$/im.exec(script)?.[1];
  return (title ?? script.trim().split('\n')[0] ?? 'movie').slice(0, 60);
}
