import { mkdir } from 'node:fs/promises';
import { CinemaError } from '../errors/index.js';
import type { JsonValue } from '../provider/v1/index.js';
import { MovieRun } from '../orchestrator/movie-run.js';
import type { OrchestratorOptions } from '../orchestrator/orchestrator-options.js';
import { movieLayout } from '../movie/layout.js';
import { planStages } from './plan-stages.js';
import { systemClock } from '../util/clock.js';
import type { Screenplay } from '../screenplay/screenplay-schema.js';
import type { PipelineState } from './pipeline-state.js';
import { defaultMovieSettings } from './default-movie-settings.js';
import type { MovieInput, MovieSettings, Stage } from './v1/index.js';

export interface CostEstimate {
  stages: Record<string, { jobs: number; costUsd: number }>;
  jobs: number;
  totalUsd: number;
}

export interface PipelineExecuteInput {
  movieId: string;
  /** `{baseDir}/{movieId}`; created if missing. */
  movieDir: string;
  input: MovieInput;
  settings?: Partial<MovieSettings>;
}

/**
 * The stages of a film, composed in order: `new Pipeline().then(writer).then(characters)`.
 * Order decides planning (a stage sees the jobs planned before it), not execution: jobs run as soon
 * as their own dependencies are done.
 */
export class Pipeline {
  constructor(readonly stages: readonly Stage[] = []) {
    const names = new Set<string>();
    for (const stage of stages) {
      if (names.has(stage.name)) throw new CinemaError({ message: `two stages are named "${stage.name}": stage names must be unique`, category: 'config' });
      names.add(stage.name);
    }
  }

  /** A new pipeline with `stage` added at the end, or in place of the stage with the same name. */
  then(stage: Stage): Pipeline {
    const index = this.stages.findIndex((existing) => existing.name === stage.name);
    if (index === -1) return new Pipeline([...this.stages, stage]);
    return new Pipeline(this.stages.map((existing, position) => (position === index ? stage : existing)));
  }

  without(name: string): Pipeline {
    return new Pipeline(this.stages.filter((stage) => stage.name !== name));
  }

  /**
   * What the film would cost before anything is spent: every stage plans its jobs from `screenplay`
   * (a draft is enough) and each job is priced by its model's `estimateCost`.
   */
  estimate(options: { input: MovieInput; screenplay: Screenplay; settings?: Partial<MovieSettings> }): CostEstimate {
    const planned = planStages(this.stages, {
      movieId: 'estimate',
      input: options.input,
      settings: { ...defaultMovieSettings, ...options.settings },
      screenplay: options.screenplay,
      results: new Map(),
    });
    const estimate: CostEstimate = { stages: {}, jobs: 0, totalUsd: 0 };
    for (const spec of planned.values()) {
      const stage = (estimate.stages[spec.stage] ??= { jobs: 0, costUsd: 0 });
      stage.jobs++;
      stage.costUsd += spec.estimatedCostUsd ?? 0;
      estimate.jobs++;
      estimate.totalUsd += spec.estimatedCostUsd ?? 0;
    }
    return estimate;
  }

  /** Every stage checks its models (keys, aspect ratio) before any job starts. */
  async validate(settings: MovieSettings): Promise<void> {
    for (const stage of this.stages) await stage.validate?.(settings);
  }

  async execute(run: PipelineExecuteInput, options: OrchestratorOptions): Promise<PipelineState> {
    const clock = options.clock ?? systemClock;
    const settings = { ...defaultMovieSettings, ...run.settings };
    await this.validate(settings);
    await mkdir(run.movieDir, { recursive: true });
    const existing = await options.store.getMovie(run.movieId);
    if (!existing) await options.store.createMovie({ id: run.movieId, input: run.input as unknown as JsonValue, now: clock.now() });
    const result = await new MovieRun(run.movieId, run.movieDir, run.input, settings, this.stages, options).run(existing !== undefined);
    const state = await this.state(run.movieId, result.status, result.screenplay ?? null, options);
    await options.store.saveState(run.movieId, state as unknown as JsonValue, clock.now());
    return state;
  }

  /** Builds the persisted state from the store. */
  async state(movieId: string, status: PipelineState['status'], screenplay: PipelineState['screenplay'], options: Pick<OrchestratorOptions, 'store' | 'clock'>) {
    const { store } = options;
    const jobs = await store.summarize(movieId);
    const assets: Record<string, string[]> = {};
    // The film is the file at the layout's final path, whichever stage made it.
    let finalVideo: string | null = null;
    for (const job of await store.listJobs(movieId, { status: 'completed' })) {
      (assets[job.stage] ??= []).push(...job.outputs.map((output) => output.path));
      if (job.outputs.some((output) => output.path === movieLayout.finalVideo(movieId))) finalVideo = movieLayout.finalVideo(movieId);
    }
    const state: PipelineState = {
      version: 1,
      movieId,
      status,
      screenplay,
      assets,
      jobs,
      stages: Object.fromEntries(
        this.stages.map((stage) => {
          const summary = jobs.stages[stage.name];
          const total = summary?.total ?? 0;
          const done = summary?.completed ?? 0;
          return [stage.name, { completed: total > 0 && done === total, done, total }];
        }),
      ),
      finalVideo,
      costUsd: jobs.costUsd,
      updatedAt: (options.clock ?? systemClock).now(),
    };
    return state;
  }
}
