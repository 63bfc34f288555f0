import type { JobStoreV1 } from '../job-store/v1/index.js';
import type { AssetStoreV1 } from '../storage/v1/index.js';
import type { RetryPolicy } from '../orchestrator/backoff.js';
import type { LaneLimits } from '../orchestrator/orchestrator-options.js';
import type { MovieSettings, Stage } from '../pipeline/v1/index.js';
import type { AssetCheckerV1 } from '../quality/v1/index.js';
import type { PostProductionV1 } from '../post-production/v1/index.js';
import type { ImageModelV1, SpeechModelV1, TextModelV1, VideoModelV1 } from '../provider/v1/index.js';
import type { StoreFactory } from '../movie/movie-maker.js';
import type { WebhookConfig } from '../webhooks/webhook-config.js';

/** Entries may be falsy or nested, so `cond && plugin()` works in a list. */
export type StageEntry = Stage | false | null | undefined | StageEntry[];

/** A model, or a list of models tried in order when one is retired or failing. */
export type ModelChoice<Model> = Model | readonly Model[];

export interface CinemaModels {
  /** Writes the screenplay from the script. */
  writer?: ModelChoice<TextModelV1>;
  /** Enriches each shot's visual prompt. Default: none. */
  enhancer?: ModelChoice<TextModelV1>;
  /** Draws character sheets and keyframes unless `characters`/`keyframes` are given. */
  image?: ModelChoice<ImageModelV1>;
  characters?: ModelChoice<ImageModelV1>;
  keyframes?: ModelChoice<ImageModelV1>;
  video?: ModelChoice<VideoModelV1>;
  speech?: ModelChoice<SpeechModelV1>;
  /**
   * A vision text model that scores every keyframe and clip against its shot and references; a take
   * scoring below `quality.judgeThreshold` is made again within its attempts and the budget, and
   * when none passes the best is kept and flagged. Its calls count in `estimate` and the budget.
   * Default: none.
   */
  judge?: ModelChoice<TextModelV1>;
}

export interface CinemaConfig {
  /** Where movies go. Default: `./output`. */
  baseDir?: string;
  /** Default (CLI): SQLite at `{baseDir}/cinema.db`. */
  store?: JobStoreV1 | StoreFactory;
  /**
   * Where the movies' files live for every machine working on them, e.g. `@cinema/storage-s3`'s
   * `s3AssetStore({ bucket })`: each job's outputs are put there before it completes, and a job on
   * any machine gets its inputs from there into its local movie folder. Default: none; the movie
   * folder under `baseDir` is the only copy.
   */
  storage?: AssetStoreV1;
  models?: CinemaModels;
  /** Default (CLI): `@cinema/postprod-ffmpeg`. */
  postProduction?: PostProductionV1;
  /** Per provider name (the lane), e.g. `{ fal: { concurrency: 2, requestsPerMinute: 30 } }`. */
  limits?: Record<string, LaneLimits>;
  /** Stop starting paid jobs before the total would pass this many dollars. */
  budget?: { maxCostUsd: number };
  /**
   * Look before paying: the jobs of the stages named in `before` (e.g. `['videos']`) wait until
   * `cinema approve`, so the stills can be checked with `cinema review` first. Default: no gate.
   */
  review?: { before: string[] };
  /**
   * Checks every picture, clip and line before its job counts as done (black or frozen clips,
   * silent lines, pictures of the wrong shape); a take that fails is made again within its attempts
   * and the budget. `false` turns them off. Default (CLI): `@cinema/postprod-ffmpeg`'s; library: none.
   */
  checks?: AssetCheckerV1 | false;
  /** The score (0..1) a take needs from `models.judge`. Default: 0.6. */
  quality?: { judgeThreshold?: number };
  retry?: Partial<RetryPolicy>;
  timeouts?: { attemptMs?: number; jobMs?: number };
  output?: Partial<MovieSettings>;
  /** A music or room-tone bed under the film. */
  music?: { path: string; volume?: number };
  /** Extra stages, appended, or replacing the built-in stage with the same name. */
  stages?: StageEntry[];
  /**
   * Receivers of the store's events (job claimed, completed, failed, a run ended...), POSTed with
   * Standard Webhooks signatures, at least once and in order, retried with backoff. `cinema serve`
   * and every command that runs a movie send them. Default: none.
   */
  webhooks?: WebhookConfig[];
}

export interface ConfigEnv {
  /** The CLI command being run, e.g. `generate`. */
  command: string;
}

export type CinemaConfigExport = CinemaConfig | ((env: ConfigEnv) => CinemaConfig | Promise<CinemaConfig>);

/** Typed identity for `cinema.config.ts`. */
export function defineConfig(config: CinemaConfig): CinemaConfig;
export function defineConfig(config: (env: ConfigEnv) => CinemaConfig | Promise<CinemaConfig>): (env: ConfigEnv) => CinemaConfig | Promise<CinemaConfig>;
export function defineConfig(config: CinemaConfigExport): CinemaConfigExport {
  return config;
}

export function flattenStages(entries: readonly StageEntry[] | undefined): Stage[] {
  const stages: Stage[] = [];
  const visit = (entry: StageEntry) => {
    if (!entry) return;
    if (Array.isArray(entry)) entry.forEach(visit);
    else stages.push(entry);
  };
  entries?.forEach(visit);
  return stages;
}
