import type { Job, JobSpec } from '../job-store/v1/index.js';
import type { JobStoreV1 } from '../job-store/v1/index.js';
import { planStages } from '../pipeline/plan-stages.js';
import type { JobOverrideRecord, MovieInput, MovieSettings, Stage } from '../pipeline/v1/index.js';
import type { JsonValue } from '../provider/v1/index.js';
import { parseScreenplay } from '../screenplay/parse-screenplay.js';
import type { Screenplay } from '../screenplay/screenplay-schema.js';
import type { Clock } from '../util/clock.js';
import { hashJson } from '../util/hash.js';
import type { CinemaEvent } from './events.js';
import { swapTakeFiles } from '../movie/take-files.js';
import { changedSpecs, reusableTakes } from './stale-jobs.js';

export interface MoviePlanOptions {
  movieId: string;
  /** `{baseDir}/{movieId}`: where a take put back in use gets its files back. */
  movieDir: string;
  input: MovieInput;
  settings: MovieSettings;
  stages: readonly Stage[];
  store: JobStoreV1;
  clock: Clock;
  /** Attempts of jobs whose spec sets none. */
  maxAttempts: number;
  /** Stages whose jobs wait for approval. */
  reviewBefore: readonly string[];
  emit: (event: CinemaEvent) => void;
}

/**
 * What the movie should be made of, kept in step with the store: plans every stage from what is
 * known (the script, the screenplay once made, the user's overrides), tells the store what is new,
 * changed or stale, and retires what the plan no longer names. One per run; `update` calls are
 * serialised.
 */
export class MoviePlan {
  /** Every job the store holds for this movie, as this run last saw it. */
  readonly known = new Map<string, Job>();
  /** Results of completed jobs, by key: what later plans read. */
  readonly results = new Map<string, JsonValue>();
  /** The screenplay the plan is made from, once its job has made one. */
  screenplay: Screenplay | undefined;
  /** The job that makes the screenplay, as the stages declared it. */
  screenplayKey: string | undefined;
  private announced = false;
  private queue: Promise<unknown> = Promise.resolve();
  /** `known` is the store as one read saw it, with nothing learnt since: the next update need not read it again. */
  private fresh = false;

  constructor(private readonly options: MoviePlanOptions) {}

  /** Takes in the store's jobs as the run starts. */
  load(jobs: readonly Job[]) {
    this.takeIn(jobs);
    this.fresh = true;
  }

  private takeIn(jobs: readonly Job[]) {
    for (const job of jobs) {
      this.known.set(job.key, job);
      if (job.status === 'completed' && job.result !== null) this.results.set(job.key, job.result);
    }
  }

  /** Notes a job this run completed (its result for later plans). */
  completed(job: Job) {
    this.fresh = false;
    this.known.set(job.key, job);
    if (job.result !== null) this.results.set(job.key, job.result);
  }

  /** Waits for the update in progress, if any: claims are made from a settled plan. */
  settled(): Promise<unknown> {
    return this.queue;
  }

  /** Plans again and brings the store in line. Returns the lanes of every planned job. */
  update(): Promise<string[]> {
    const next = this.queue.then(() => this.updateNow());
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async updateNow(): Promise<string[]> {
    const { movieId, input, settings, stages, store, clock } = this.options;
    // Other workers change the movie too. A plan made from this run's own patchwork of what it saw
    // (the screenplay it just made, beside scene drafts it last saw pending) would find the
    // screenplay made from unfinished drafts and make it again; one read is one consistent picture.
    if (!this.fresh) this.takeIn(await store.listJobs(movieId));
    this.fresh = false;
    const context = { movieId, input, settings, results: this.results };
    // The screenplay job is found by what it declares it makes; every later stage plans from its result.
    let planned = planStages(stages, { ...context, screenplay: undefined });
    this.screenplayKey = [...planned.values()].find((spec) => spec.produces?.kind === 'screenplay')?.key;
    const raw = this.screenplayKey === undefined ? undefined : this.results.get(this.screenplayKey);
    this.screenplay = raw === undefined ? undefined : parseScreenplay(raw);
    if (this.screenplay) planned = planStages(stages, { ...context, screenplay: this.screenplay });
    const review = new Set(this.options.reviewBefore);
    const specs = [...planned.values()].map((spec) =>
      withOverride({ ...spec, maxAttempts: spec.maxAttempts ?? this.options.maxAttempts, held: spec.held ?? review.has(spec.stage) }, input.overrides?.[spec.key]),
    );
    // Jobs the store already has with the same inputs need no write: resuming a long movie stays quick.
    const stale = changedSpecs(specs, this.known, this.screenplayKey);
    const changed = await this.reuseTakes(stale);
    // The screenplay got an earlier take back: plan again from it before anything else is written.
    if (this.screenplayKey !== undefined && stale.some((spec) => spec.key === this.screenplayKey) && !changed.some((spec) => spec.key === this.screenplayKey)) {
      return this.updateNow();
    }
    const { created, updated } = changed.length > 0 ? await store.enqueue(movieId, changed, clock.now()) : { created: 0, updated: 0 };
    const screenplayCurrent = this.screenplayKey !== undefined && this.known.get(this.screenplayKey)?.status === 'completed' && !changed.some((spec) => spec.key === this.screenplayKey);
    // Jobs the plan no longer names (their scene was cut) leave it, once the plan is made from the screenplay as it now is.
    const planKeys = new Set(specs.map((spec) => spec.key));
    const orphans = screenplayCurrent ? [...this.known.values()].filter((job) => !planKeys.has(job.key) && job.status !== 'retired').map((job) => job.key) : [];
    if (orphans.length > 0) {
      await store.retire(movieId, orphans, clock.now());
      this.options.emit({ type: 'plan:retired', movieId, keys: orphans, at: clock.now() });
    }
    if (created + updated > 0 || orphans.length > 0) this.takeIn(await store.listJobs(movieId));
    if (!this.announced || created > 0) {
      this.announced = true;
      this.options.emit({ type: 'plan:updated', movieId, total: specs.length, created, at: clock.now() });
    }
    return specs.map((spec) => spec.lane);
  }

  /**
   * A finished job planned with inputs one of its earlier takes was made from (an edit undone) gets
   * that take back in use instead of being made again. Returns the specs still to enqueue.
   */
  private async reuseTakes(stale: JobSpec[]): Promise<JobSpec[]> {
    const { movieId, movieDir, store, clock } = this.options;
    const { reused, left } = reusableTakes(stale, this.known, this.screenplayKey);
    for (const [key, take] of reused) {
      const stored = this.known.get(key)!;
      if ((await swapTakeFiles(movieDir, stored, take)) && (await store.pickTake(movieId, key, take, clock.now()))) {
        const now = await store.getJob(movieId, key);
        if (now) this.completed(now);
      } else left.push(stale.find((spec) => spec.key === key)!);
    }
    return left;
  }
}

/** A spec with the user's override folded into its input, so a new override is a new take. */
export function withOverride(spec: JobSpec, override: JobOverrideRecord | undefined): JobSpec {
  if (!override) return spec;
  const { takes: _takes, ...asked } = override;
  if (Object.keys(asked).length === 0) return spec;
  const input = { ...(spec.input as Record<string, JsonValue>), override: asked as JsonValue };
  return { ...spec, input, inputHash: hashJson(input) };
}
