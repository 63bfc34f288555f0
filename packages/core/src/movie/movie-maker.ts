import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CinemaError, InvalidInputError, MovieNotFoundError } from '../errors/index.js';
import type { Job, JobOutput, JobStoreV1 } from '../job-store/v1/index.js';
import { mediaTypeFor, writeAsset } from './assets.js';
import { moveTakesAside, swapTakeFiles } from './take-files.js';
import { defaultMovieSettings } from '../pipeline/default-movie-settings.js';
import type { JsonValue, TextModelV1 } from '../provider/v1/index.js';
import { type ChangePlan, planChange } from './change-plan.js';
import type { RunStatus, CinemaEventListener } from '../orchestrator/events.js';
import type { OrchestratorOptions } from '../orchestrator/orchestrator-options.js';
import type { Pipeline } from '../pipeline/pipeline.js';
import type { PipelineState } from '../pipeline/pipeline-state.js';
import type { EditCut, JobOverride, JobOverrideRecord, MovieInput, MovieSettings } from '../pipeline/v1/index.js';
import { sha256 } from '../util/hash.js';
import { assertValidMovieId, suggestMovieId } from '../util/movie-id.js';
import { movieLayout } from './layout.js';
import { MovieAssetSync } from '../orchestrator/asset-sync.js';
import { assetKey } from '../storage/asset-key.js';

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
  /**
   * Plan the movie's jobs into the store and return at once (status `running`), running none:
   * `cinema worker` processes sharing the store make them. Default: false.
   */
  detach?: boolean;
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
  /**
   * The finished film: its path in this machine's movie folder, or, when only the asset store holds
   * it (edited on another machine), its place there (`s3://bucket/prefix/{movie}/output/...`).
   */
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
    const movieId = options.movieId ?? defaultMovieId(script, options.scriptName);
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
    return this.planInput(movieId, { script }, options.baseDir);
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
   * What importing an editor's re-cut would make again and cost, before anything is spent: the
   * edit, and the clip of any shot the cut runs past its clip (`CutShot.clipSeconds`).
   */
  async planCut(movieId: string, cut: EditCut, options: { baseDir: string }): Promise<ChangePlan> {
    return this.planInput(movieId, { cut }, options.baseDir);
  }

  /** What the movie would make and cost with `change` in its input, by the same staleness rules a run uses. */
  private async planInput(movieId: string, change: Partial<MovieInput>, baseDir: string): Promise<ChangePlan> {
    const store = await this.movieStore(movieId, baseDir);
    const previous = (await store.getMovie(movieId))!.input as unknown as MovieInput;
    return planChange({
      stages: this.options.pipeline.stages,
      store,
      movieId,
      input: { ...previous, ...change },
      settings: { ...defaultMovieSettings, ...this.options.settings },
      draftWriter: this.options.draftWriter,
    });
  }

  /**
   * Makes the film from an editor's re-cut: the cut is kept with the movie (`MovieInput.cut`), so a
   * resume or a later edit renders it too, and only the jobs it changes run (the edit, and the
   * clips it asks to be longer).
   */
  async importCut(movieId: string, cut: EditCut, options: RunOptions): Promise<MovieResult> {
    const store = await this.movieStore(movieId, options.baseDir);
    const baseDir = await checkBaseDir(options.baseDir);
    const movie = (await store.getMovie(movieId))!;
    const input: MovieInput = { ...(movie.input as unknown as MovieInput), cut };
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
    const input = movie.input as unknown as MovieInput;
    // A redo that was stopped or crashed is finished first.
    if (input.redo) return this.continueRedo(movieId, structuredClone(input), baseDir, store, options);
    return this.execute(movieId, input, baseDir, store, options);
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
      finalVideo: film ? await this.whereFilmIs(movieId, join(movieDir, finalVideo)) : null,
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

  /**
   * What a redo would make: the jobs of `what` in the shot or scene named (`scene_2:shot_1`,
   * `scene_2`), everything made from them, and the price of `takes` new takes. Throws an
   * `InvalidInputError` naming the target when it has no such jobs.
   */
  async planRedo(movieId: string, target: string, options: RedoOptions): Promise<RedoPlan> {
    const store = await this.movieStore(movieId, options.baseDir);
    const jobs = await store.listJobs(movieId);
    const stage = redoStages[options.what ?? 'video'];
    const keys = jobs.filter((job) => job.stage === stage && job.status !== 'retired' && shotMatches(job, target)).map((job) => job.key);
    if (keys.length === 0) {
      throw new InvalidInputError({ message: `No ${options.what ?? 'video'} jobs for ${target} in movie ${movieId}: name a scene (scene_2) or a shot (scene_2:shot_1) as \`cinema jobs ${movieId}\` lists them.` });
    }
    const dependents = dependentsOf(jobs, keys);
    const takes = Math.max(1, Math.floor(options.takes ?? 1));
    const price = (key: string) => jobs.find((job) => job.key === key)?.estimatedCostUsd ?? 0;
    const costUsd = takes * keys.reduce((sum, key) => sum + price(key), 0) + dependents.reduce((sum, key) => sum + price(key), 0);
    return { keys, dependents, takes, costUsd };
  }

  /**
   * Makes new takes of the jobs `planRedo` names, with the prompt or seed asked for, keeping every
   * earlier take; what is made from them waits until the last take is in, then follows it. Pick
   * another take with `pick`.
   */
  async redo(movieId: string, target: string, options: RedoOptions & RunOptions): Promise<MovieResult> {
    const plan = await this.planRedo(movieId, target, options);
    const baseDir = await checkBaseDir(options.baseDir);
    const store = await this.store(baseDir);
    const movie = (await store.getMovie(movieId))!;
    const input = structuredClone(movie.input as unknown as MovieInput);
    const jobs = new Map((await store.listJobs(movieId)).map((job) => [job.key, job]));
    // What is made from the redone jobs waits for the last take, so it is not made once per take.
    const held = plan.dependents.filter((key) => jobs.get(key)?.held === false);
    const overrides = (input.overrides ??= {});
    for (const key of plan.keys) {
      const record = (overrides[key] ??= {});
      const takes = (record.takes ??= {});
      const job = jobs.get(key);
      if (job && job.take > 0 && !(String(job.take) in takes)) takes[String(job.take)] = askedOf(record);
    }
    input.redo = { keys: plan.keys, held, takesLeft: plan.takes, roundStarted: false, ...(options.prompt !== undefined ? { prompt: options.prompt } : {}), ...(options.seed !== undefined ? { seed: options.seed } : {}) };
    // The redo is part of the movie from here: a crash or Ctrl-C is finished by `resume`.
    await store.setMovieInput(movieId, input as unknown as JsonValue, Date.now());
    await store.hold(movieId, held, Date.now());
    return this.continueRedo(movieId, input, baseDir, store, options);
  }

  /** Makes the takes a redo still owes, then lets what it held follow. */
  private async continueRedo(movieId: string, input: MovieInput, baseDir: string, store: JobStoreV1, options: RunOptions): Promise<MovieResult> {
    const redo = input.redo!;
    const overrides = (input.overrides ??= {});
    const save = () => store.setMovieInput(movieId, input as unknown as JsonValue, Date.now());
    while (redo.takesLeft > 0) {
      if (!redo.roundStarted) {
        // Start the round once: a round interrupted after it started is finished, not started again.
        for (const key of redo.keys) {
          const record = (overrides[key] ??= {});
          Object.assign(record, { ...(redo.prompt !== undefined ? { prompt: redo.prompt } : {}), ...(redo.seed !== undefined ? { seed: redo.seed } : {}), round: (record.round ?? 0) + 1 });
        }
        redo.roundStarted = true;
        await save();
      }
      const result = await this.execute(movieId, input, baseDir, store, options);
      if (result.status !== 'completed' && result.status !== 'awaiting_review') return result;
      for (const key of redo.keys) {
        const made = await store.getJob(movieId, key);
        if (made?.status === 'completed') (overrides[key]!.takes ??= {})[String(made.take)] = askedOf(overrides[key]!);
      }
      redo.takesLeft--;
      redo.roundStarted = false;
      await save();
    }
    await store.approve(movieId, redo.held, Date.now());
    delete input.redo;
    await save();
    return this.execute(movieId, input, baseDir, store, options);
  }

  /**
   * Puts take `take` of a job back in use (its files at the job's paths, the others aside) and lets
   * what is made from it follow.
   */
  async pick(movieId: string, key: string, take: number, options: RunOptions): Promise<MovieResult> {
    const store = await this.movieStore(movieId, options.baseDir);
    const baseDir = await checkBaseDir(options.baseDir);
    const job = await store.getJob(movieId, key);
    if (!job) throw new InvalidInputError({ message: `No job ${key} in movie ${movieId}: see \`cinema jobs ${movieId}\` for the keys.` });
    const known = [job.take, ...job.takes.map((candidate) => candidate.take)].filter((number) => number > 0);
    if (!known.includes(take)) throw new InvalidInputError({ message: `Job ${key} has no take ${take}: its takes are ${known.sort((a, b) => a - b).join(', ') || 'none yet'}.` });
    const movieDir = movieLayout.movieDir(baseDir, movieId);
    if (take !== job.take) {
      const sync = this.assetSync(movieId, movieDir);
      // Made on other machines, perhaps: the takes come from the shared store, and go back swapped.
      await sync?.fetch([job]);
      await sync?.fetchTakes(job);
      if (!(await swapTakeFiles(movieDir, job, take))) throw new InvalidInputError({ message: `The files of take ${take} of ${key} are missing under ${movieDir}/takes: it cannot be put back.` });
      await sync?.put(job.takes.find((candidate) => candidate.take === take)!.outputs);
      await sync?.putTakes({ key, takes: [{ take: job.take, outputs: job.outputs, result: null, costUsd: 0, inputHash: '', completedAt: 0 }] });
      await store.pickTake(movieId, key, take, Date.now());
      const movie = (await store.getMovie(movieId))!;
      const input = structuredClone(movie.input as unknown as MovieInput);
      const record = input.overrides?.[key];
      // The job keeps the prompt and seed the picked take was made with, so no plan remakes it.
      if (record) {
        const asked = record.takes?.[String(take)] ?? null;
        input.overrides![key] = { ...(asked ?? {}), takes: record.takes };
        await store.setMovieInput(movieId, input as unknown as JsonValue, Date.now());
      }
    }
    const movie = (await store.getMovie(movieId))!;
    return this.execute(movieId, movie.input as unknown as MovieInput, baseDir, store, options);
  }

  /**
   * Puts a file of the user's in a finished job's place as its next take (the model's takes are
   * kept), and lets what is made from it follow. The caller checks the file (type, size, length);
   * `result` is what the job's stage would have returned (a line's `durationSeconds`).
   */
  async replace(movieId: string, key: string, file: string, options: RunOptions & { result?: JsonValue }): Promise<MovieResult> {
    const store = await this.movieStore(movieId, options.baseDir);
    const baseDir = await checkBaseDir(options.baseDir);
    const job = await store.getJob(movieId, key);
    if (!job) throw new InvalidInputError({ message: `No job ${key} in movie ${movieId}: see \`cinema jobs ${movieId}\` for the keys.` });
    if (job.outputs.length !== 1) throw new InvalidInputError({ message: `Job ${key} has ${job.outputs.length === 0 ? 'not made its file yet' : 'several files'}: only a finished job with one file can take yours.` });
    const movieDir = movieLayout.movieDir(baseDir, movieId);
    const path = job.outputs[0]!.path;
    const inUse = { key, takes: [{ take: job.take, outputs: job.outputs, result: null, costUsd: 0, inputHash: '', completedAt: 0 }] };
    const sync = this.assetSync(movieId, movieDir);
    const moveAside = () => moveTakesAside(movieDir, inUse);
    await (sync ? sync.keepTakes(inUse, moveAside) : moveAside());
    const output = await copyInto(file, movieDir, path);
    await sync?.put([output]);
    await store.addTake(movieId, key, { outputs: [output], result: { ...((options.result ?? {}) as Record<string, JsonValue>), replacedFrom: file } }, Date.now());
    const movie = (await store.getMovie(movieId))!;
    return this.execute(movieId, movie.input as unknown as MovieInput, baseDir, store, options);
  }

  /**
   * The film's local path, or, when this machine's folder lacks it and an asset store holds it (it
   * was edited on another machine), where it is in the store.
   */
  private async whereFilmIs(movieId: string, localPath: string): Promise<string> {
    const assets = this.options.orchestrator?.assets;
    if (!assets || (await stat(localPath).then(() => true, () => false))) return localPath;
    return `${assets.description}/${assetKey(movieId, movieLayout.finalVideo(movieId))}`;
  }

  /** Keeps the movie folder and the shared asset store in step, when the config names one. */
  private assetSync(movieId: string, movieDir: string): MovieAssetSync | undefined {
    const assets = this.options.orchestrator?.assets;
    return assets && new MovieAssetSync(assets, movieId, movieDir);
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
    await this.options.orchestrator?.assets?.close();
  }

  private async execute(movieId: string, input: MovieInput, baseDir: string, store: JobStoreV1, options: RunOptions): Promise<MovieResult> {
    const movieDir = movieLayout.movieDir(baseDir, movieId);
    const state = await this.options.pipeline.execute(
      { movieId, movieDir, input, settings: this.options.settings },
      { ...this.options.orchestrator, store, abortSignal: options.abortSignal, onEvent: options.onEvent, planOnly: options.detach },
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

export interface RedoOptions {
  baseDir: string;
  /** Which of the shot's jobs to make again. Default: `video`. */
  what?: 'keyframes' | 'video' | 'speech';
  /** Used instead of the stage's prompt (for speech, the delivery). Default: the stage's. */
  prompt?: string;
  seed?: number;
  /** New takes to make. Default: 1. */
  takes?: number;
}

export interface RedoPlan {
  /** The jobs made again. */
  keys: string[];
  /** What is made from them, which follows the last take. */
  dependents: string[];
  takes: number;
  /** Estimated: every take of every job, and the dependents once. */
  costUsd: number;
}

const redoStages: Record<NonNullable<RedoOptions['what']>, string> = { keyframes: 'keyframes', video: 'videos', speech: 'audio' };

/** Every job made, directly or not, from the jobs named. */
function dependentsOf(jobs: readonly Job[], keys: readonly string[]): string[] {
  const found = new Set<string>();
  const queue = [...keys];
  while (queue.length > 0) {
    const key = queue.shift()!;
    for (const job of jobs) {
      if (job.status === 'retired' || found.has(job.key) || !job.dependsOn.includes(key)) continue;
      found.add(job.key);
      queue.push(job.key);
    }
  }
  for (const key of keys) found.delete(key);
  return [...found];
}

function askedOf(record: JobOverrideRecord): JobOverride | null {
  const { takes: _takes, ...asked } = record;
  return Object.keys(asked).length > 0 ? asked : null;
}

/** Copies the user's file to the job's path through a temporary name, with its checksum. */
async function copyInto(file: string, movieDir: string, path: string): Promise<JobOutput> {
  let data: Uint8Array;
  try {
    data = new Uint8Array(await readFile(file));
  } catch (error) {
    throw new InvalidInputError({ message: `Cannot read ${file}: ${(error as Error).message}.`, cause: error });
  }
  return writeAsset(movieDir, path, { mediaType: mediaTypeFor(path), data });
}

/** Whether a job belongs to a shot named `scene_2:shot_1` (or to any shot of `scene_2`). */
export function shotMatches(job: Pick<Job, 'sceneId' | 'input'>, shot: string): boolean {
  const [sceneId, shotId] = shot.split(':');
  if (job.sceneId !== sceneId) return false;
  return shotId === undefined || (job.input as { shotId?: unknown } | null)?.shotId === shotId;
}

/** The id `generate` gives a movie when none is asked for: from the script's file name (or its title) and a hash of it. */
export function defaultMovieId(script: string, scriptName?: string): string {
  return suggestMovieId(scriptName?.replace(/\.[^.]+$/, '') ?? firstLine(script), sha256(script));
}

function firstLine(script: string): string {
  const title = /^title:\s*(.+)$/im.exec(script)?.[1];
  return (title ?? script.trim().split('\n')[0] ?? 'movie').slice(0, 60);
}
