import { randomBytes } from 'node:crypto';
import { CinemaError, toCinemaError } from '../errors/index.js';
import type { Job, JobLease, JobOutput, JobStoreV1, JobSummary } from '../job-store/v1/index.js';
import { readInputFile, writeAsset } from '../movie/assets.js';
import type { JobContext, JobOutcome, JobOverride, MovieInput, MovieSettings, Stage } from '../pipeline/v1/index.js';
import type { JsonValue } from '../provider/v1/index.js';
import type { Screenplay } from '../screenplay/screenplay-schema.js';
import { jobKeys } from '../stages/job-keys.js';
import { type Clock, systemClock } from '../util/clock.js';
import { sha256, stableStringify } from '../util/hash.js';
import { moveTakesAside } from '../movie/take-files.js';
import { defaultRetryPolicy, type RetryPolicy } from './backoff.js';
import { expireDeadWorkers, newWorkerId } from './dead-workers.js';
import type { CinemaEvent, RunStatus } from './events.js';
import { decideFailure, type OperationState } from './failure-decision.js';
import { decideIdle } from './idle-verdict.js';
import { LeaseKeeper } from './lease-keeper.js';
import { LeaseLost, runOperation } from './operation-runner.js';
import type { OrchestratorOptions } from './orchestrator-options.js';
import { requireOutputsPresent } from './output-check.js';
import { madeFromHash } from './stale-jobs.js';
import { checkOutcome, QualityFailure } from './quality-gate.js';
import { judgeTake } from './judge.js';
import { keepCandidate, putBestCandidate } from './judge-candidates.js';
import type { AssetCheck } from '../quality/v1/index.js';
import { MoviePlan } from './movie-plan.js';
import { LaneRateLimiter } from './rate-limiter.js';
import { MovieAssetSync } from './asset-sync.js';
import { assetKey } from '../storage/asset-key.js';

/** The key of the built-in screenplay job; a replacement screenplay stage may use another (see `JobArtifact`). */
export const screenplayJobKey = jobKeys.screenplay;

export interface MovieRunResult {
  status: RunStatus;
  summary: JobSummary;
  screenplay: Screenplay | undefined;
}

class StopRequested extends CinemaError {
  constructor() {
    super({ message: 'the run was stopped', category: 'cancelled' });
  }
}

const defaultJobDeadlineMs = 6 * 3_600_000;

/**
 * One process working one movie: claims ready jobs as provider limits allow, runs them through their
 * stage, records every outcome, and re-plans when the screenplay appears. The pieces around the
 * loop are their own modules: lease keeping (`LeaseKeeper`), provider operations (`runOperation`),
 * and the pure failure and idle decisions (`decideFailure`, `decideIdle`).
 */
export class MovieRun {
  private readonly store: JobStoreV1;
  private readonly clock: Clock;
  private readonly retry: RetryPolicy;
  private readonly leaseMs: number;
  private readonly deadlineMs: number;
  private readonly workerId: string;
  private readonly stages: Map<string, Stage>;
  private readonly limiter: LaneRateLimiter;
  private readonly laneConcurrency: Record<string, number>;
  /** Held by the store across every process; the local limiter only spares it claims bound to fail. */
  private readonly laneRequestsPerMinute: Record<string, number>;
  private readonly defaultConcurrency: number;
  private readonly leases: LeaseKeeper;
  /** Keeps the movie folder and the shared asset store in step; none without an asset store. */
  private readonly sync: MovieAssetSync | undefined;
  private readonly inFlight = new Map<string, { promise: Promise<void>; controller: AbortController }>();
  private readonly plan: MoviePlan;
  private stopping = false;
  private wake: (() => void) | undefined;
  /** Something changed (a job ended, a stop) while the loop was busy: don't wait before looking again. */
  private woken = false;
  private fatal: unknown;

  constructor(
    private readonly movieId: string,
    private readonly movieDir: string,
    private readonly input: MovieInput,
    private readonly settings: MovieSettings,
    stages: readonly Stage[],
    private readonly options: OrchestratorOptions,
  ) {
    this.store = options.store;
    this.clock = options.clock ?? systemClock;
    this.retry = { ...defaultRetryPolicy, ...options.retry };
    this.leaseMs = options.leaseMs ?? 60_000;
    this.deadlineMs = options.jobDeadlineMs ?? defaultJobDeadlineMs;
    this.workerId = options.workerId ?? newWorkerId(randomBytes(3).toString('hex'));
    this.stages = new Map(stages.map((stage) => [stage.name, stage]));
    const limits = options.limits ?? {};
    this.limiter = new LaneRateLimiter(
      Object.fromEntries(Object.entries(limits).map(([lane, limit]) => [lane, limit.requestsPerMinute])),
      this.clock.now(),
    );
    this.laneRequestsPerMinute = {};
    for (const [lane, limit] of Object.entries(limits)) if (limit.requestsPerMinute !== undefined && limit.requestsPerMinute > 0) this.laneRequestsPerMinute[lane] = limit.requestsPerMinute;
    this.defaultConcurrency = options.defaultConcurrency ?? 4;
    this.laneConcurrency = {};
    for (const [lane, limit] of Object.entries(limits)) this.laneConcurrency[lane] = limit.concurrency ?? this.defaultConcurrency;
    this.leases = new LeaseKeeper(this.store, this.clock, this.leaseMs);
    this.sync = options.assets && new MovieAssetSync(options.assets, movieId, movieDir);
    this.plan = new MoviePlan({
      movieId,
      movieDir,
      input,
      settings,
      stages,
      store: this.store,
      clock: this.clock,
      maxAttempts: this.retry.maxAttempts,
      reviewBefore: options.reviewBefore ?? [],
      emit: (event) => this.emit(event),
    });
  }

  private emit(event: CinemaEvent) {
    try {
      this.options.onEvent?.(event);
    } catch {
      // A listener's bug must not break the run.
    }
  }

  async run(resumed: boolean): Promise<MovieRunResult> {
    const now = this.clock.now();
    this.emit({ type: 'run:started', movieId: this.movieId, resumed, at: now });
    const jobs = await this.store.listJobs(this.movieId);
    await expireDeadWorkers(this.store, this.movieId, jobs, now);
    await this.store.reclaimExpired(this.movieId, now);
    this.plan.load(jobs);
    await requireOutputsPresent(this.movieId, this.movieDir, jobs.filter((job) => job.status === 'completed'), this.options.assets);
    await this.replan();
    if (this.options.planOnly) return { status: 'running', summary: await this.store.summarize(this.movieId), screenplay: this.plan.screenplay };

    const abortSignal = this.options.abortSignal;
    const onAbort = () => this.stop();
    abortSignal?.addEventListener('abort', onAbort, { once: true });
    if (abortSignal?.aborted) this.stop();
    try {
      const status = await this.loop();
      const summary = await this.store.summarize(this.movieId);
      this.emit({ type: 'run:finished', movieId: this.movieId, status, summary, at: this.clock.now() });
      return { status, summary, screenplay: this.plan.screenplay };
    } finally {
      abortSignal?.removeEventListener('abort', onAbort);
      await this.leases.stop();
    }
  }

  /** No new jobs; running ones are aborted and given back to the store. */
  stop() {
    if (this.stopping) return;
    this.stopping = true;
    for (const { controller } of this.inFlight.values()) controller.abort(new StopRequested());
    this.notify();
  }

  private notify() {
    if (this.wake) this.wake();
    else this.woken = true;
  }

  private async sleepUntilWoken(ms: number) {
    if (this.woken) {
      this.woken = false;
      return;
    }
    const sleeping = new AbortController();
    this.wake = () => sleeping.abort();
    await this.clock.sleep(ms, sleeping.signal).catch(() => undefined);
    this.wake = undefined;
    this.woken = false;
  }

  private async loop(): Promise<RunStatus> {
    const sweepMs = this.options.sweepMs ?? 15_000;
    const idlePollMs = this.options.idlePollMs ?? 500;
    const maxInFlight = this.options.maxInFlight ?? 64;
    let nextSweep = this.clock.now() + sweepMs;
    for (;;) {
      if (this.fatal) throw this.fatal;
      if (this.stopping) {
        await Promise.allSettled([...this.inFlight.values()].map((entry) => entry.promise));
        return 'stopped';
      }
      let now = this.clock.now();
      if (now >= nextSweep) {
        await this.sweep(now);
        nextSweep = now + sweepMs;
      }
      const free = Math.min(maxInFlight - this.inFlight.size, this.limiter.headroom(now));
      if (free > 0) {
        await this.plan.settled();
        const claimed = await this.store.claim({
          movieId: this.movieId,
          workerId: this.workerId,
          limit: free,
          leaseMs: this.leaseMs,
          now,
          laneConcurrency: this.laneConcurrency,
          laneRequestsPerMinute: this.laneRequestsPerMinute,
          excludeLanes: this.limiter.blockedLanes(now),
          maxCostUsd: this.options.maxCostUsd,
        });
        for (const job of claimed) {
          this.limiter.take(job.lane, now);
          this.start(job);
        }
        if (claimed.length > 0) continue;
      }

      let waitMs = idlePollMs;
      if (this.inFlight.size === 0) {
        const verdict = await this.idleVerdict(idlePollMs);
        if (verdict.kind === 'done') return verdict.status;
        waitMs = verdict.waitMs;
      }
      now = this.clock.now();
      waitMs = Math.max(0, Math.min(waitMs, nextSweep - now));
      await this.sleepUntilWoken(waitMs);
    }
  }

  /**
   * Takes back the jobs of workers that are gone: at once for a process of this host that no longer
   * exists (a SIGKILLed worker beside this one), else once their lease has run out.
   */
  private async sweep(now: number) {
    const held = [...(await this.store.listJobs(this.movieId, { status: 'in_progress' })), ...(await this.store.listJobs(this.movieId, { status: 'waiting' }))];
    await expireDeadWorkers(this.store, this.movieId, held, now);
    await this.store.reclaimExpired(this.movieId, now);
  }

  private async idleVerdict(idlePollMs: number) {
    const summary = await this.store.summarize(this.movieId);
    const pending = summary.pending > 0 && summary.inProgress + summary.waiting === 0 ? await this.store.listJobs(this.movieId, { status: 'pending' }) : [];
    const unblocked = pending.filter((job) => job.pendingDependencies === 0);
    const held = unblocked.filter((job) => job.held);
    const now = this.clock.now();
    const verdict = decideIdle({
      summary,
      ready: unblocked.filter((job) => !job.held),
      held: held.length,
      now,
      laneReadyAt: (lane, at) => this.limiter.readyAt(lane, at),
      maxCostUsd: this.options.maxCostUsd,
      idlePollMs,
    });
    if (verdict.kind === 'wait' && verdict.reclaim) await this.store.reclaimExpired(this.movieId, now);
    if (verdict.kind === 'done' && verdict.status === 'awaiting_review') {
      this.emit({ type: 'review:waiting', movieId: this.movieId, keys: held.map((job) => job.key), at: now });
    }
    if (verdict.kind === 'done' && verdict.status === 'budget_exceeded') {
      this.emit({ type: 'budget:blocked', movieId: this.movieId, maxCostUsd: this.options.maxCostUsd!, spentUsd: summary.costUsd, at: now });
    }
    return verdict;
  }

  /**
   * Another process on the movie (a worker on another machine) may have made the screenplay while
   * this one waited: its plan learns it before running a job that is made from it.
   */
  private async learnScreenplayMadeElsewhere(job: Job) {
    const key = this.plan.screenplayKey;
    if (this.plan.screenplay || key === undefined || !job.dependsOn.includes(key)) return;
    const made = await this.store.getJob(this.movieId, key);
    if (made?.status !== 'completed') return;
    this.plan.completed(made);
    await this.replan();
  }

  private async replan() {
    for (const lane of await this.plan.update()) this.laneConcurrency[lane] ??= this.defaultConcurrency;
  }

  private start(job: Job) {
    const controller = new AbortController();
    const promise = this.runJob(job, controller)
      .catch((error) => {
        // Store failures are fatal to this process: the run ends and resume picks up from the store.
        this.fatal ??= error;
      })
      .finally(() => {
        this.inFlight.delete(job.key);
        this.notify();
      });
    this.inFlight.set(job.key, { promise, controller });
  }

  private async boundary(name: string, job: Job) {
    await this.options.onBoundary?.(name, { key: job.key, stage: job.stage });
  }

  /** Aborts the attempt after `attemptTimeoutMs` on the injected clock; returns the function that disarms it. */
  private armAttemptTimeout(controller: AbortController): () => void {
    const attemptTimeoutMs = this.options.attemptTimeoutMs ?? 30 * 60_000;
    const disarm = new AbortController();
    this.clock.sleep(attemptTimeoutMs, disarm.signal).then(
      () => controller.abort(new CinemaError({ message: `attempt timed out after ${attemptTimeoutMs} ms`, category: 'timeout', isRetryable: true })),
      () => undefined,
    );
    return () => disarm.abort();
  }

  private async runJob(job: Job, controller: AbortController) {
    const lease: JobLease = { movieId: this.movieId, key: job.key, token: job.leaseToken };
    const meta = { movieId: this.movieId, key: job.key, stage: job.stage };
    const work = { operation: (job.operation === null ? 'none' : 'saved') as OperationState };
    await this.boundary('claimed', job);
    const disarmTimeout = this.armAttemptTimeout(controller);
    this.leases.hold(lease, () => controller.abort(new LeaseLost(job.key)));
    try {
      if (job.operation === null && job.firstStartedAt !== null && this.clock.now() - job.firstStartedAt > this.deadlineMs) {
        throw new CinemaError({ message: `job passed its deadline of ${Math.round(this.deadlineMs / 1000)} s`, category: 'timeout' });
      }
      const stage = this.stages.get(job.stage);
      if (!stage) {
        throw new CinemaError({ message: `no stage named "${job.stage}" in this pipeline runs job ${job.key}`, category: 'config' });
      }
      this.emit({ type: 'job:started', ...meta, attempt: job.attempts, at: this.clock.now() });
      await this.learnScreenplayMadeElsewhere(job);
      // The screenplay job is everyone's dependency and its result is large: stages read the parsed
      // screenplay from the context instead.
      const dependencies = new Map<string, Job>();
      const loaded = await Promise.all(job.dependsOn.filter((key) => key !== this.plan.screenplayKey).map((key) => this.store.getJob(this.movieId, key)));
      for (const dependency of loaded) if (dependency) dependencies.set(dependency.key, dependency);
      await this.sync?.fetch(dependencies.values(), controller.signal);
      // Earlier takes keep their files: they move aside before this take writes over their paths.
      if (job.takes.length > 0) {
        const moveAside = () => moveTakesAside(this.movieDir, job);
        await (this.sync ? this.sync.keepTakes(job, moveAside, controller.signal) : moveAside());
      }
      const outcome = await stage.run(job, this.jobContext(job, lease, controller.signal, dependencies, stage, work));
      controller.signal.throwIfAborted();
      const checks = await this.check(job, outcome, controller.signal);
      const judged = await this.judge(job, outcome, dependencies, controller.signal, checks);
      await this.boundary('before-complete', job);
      const inputHash = madeFromHash(job, dependencies, this.plan.screenplayKey);
      const result = judged ? judged.result : checks.length > 0 ? withChecks(outcome.result, checks) : outcome.result;
      const outputs = judged?.outputs ?? outcome.outputs;
      const costUsd = outcome.costUsd + (judged?.costUsd ?? 0);
      // In the shared store before the job counts as done, so no machine ever finds it missing.
      await this.sync?.put(outputs, controller.signal);
      const completed = await this.store.complete(lease, { outputs, result, costUsd, inputHash }, this.clock.now());
      if (!completed) return;
      await this.boundary('completed', job);
      this.emit({ type: 'job:completed', ...meta, costUsd, at: this.clock.now() });
      const now = await this.store.getJob(this.movieId, job.key);
      if (now) this.plan.completed(now);
      // A job made again may have new files: what was made from the old ones is looked at again.
      if (outcome.replan || job.take > 0) await this.replan();
    } catch (thrown) {
      await this.settleFailure(job, lease, controller.signal, thrown, work.operation);
    } finally {
      disarmTimeout();
      this.leases.release(job.key);
    }
  }

  /** Holds the take's files to what the stage asked of them, when a checker is configured. */
  private async check(job: Job, outcome: JobOutcome, abortSignal: AbortSignal): Promise<AssetCheck[]> {
    const { checker } = this.options;
    if (!checker || !outcome.expect?.length) return [];
    const meta = { movieId: this.movieId, key: job.key, stage: job.stage };
    try {
      const checks = await checkOutcome(checker, this.movieDir, outcome, abortSignal);
      this.emit({ type: 'job:checked', ...meta, passed: true, checks, at: this.clock.now() });
      return checks;
    } catch (error) {
      if (QualityFailure.isInstance(error)) {
        this.emit({ type: 'job:checked', ...meta, passed: false, checks: error.checks, at: this.clock.now() });
        throw error;
      }
      if (abortSignal.aborted) throw error;
      // The checker itself could not run (its tool is missing): keep the paid take and say so,
      // rather than throwing it away over a local problem.
      this.emit({ type: 'job:warning', ...meta, message: `the ${checker.name} checks could not run, the take was kept unchecked: ${(error as Error).message}`, at: this.clock.now() });
      return [];
    }
  }

  /**
   * Has the judge score the take, when one is configured for this stage. A take below the
   * threshold is kept as a candidate and made again; on the last attempt the best candidate is put
   * in place and flagged. Returns what to complete with, or undefined when nothing was judged.
   */
  private async judge(job: Job, outcome: JobOutcome, dependencies: ReadonlyMap<string, Job>, abortSignal: AbortSignal, checks: AssetCheck[]): Promise<{ result: JsonValue; outputs: JobOutput[]; costUsd: number } | undefined> {
    const { judge } = this.options;
    if (!judge || !judgedStages.has(job.stage)) return undefined;
    const meta = { movieId: this.movieId, key: job.key, stage: job.stage };
    const judgement = await judgeTake(judge, this.options.checker, this.movieDir, job, outcome, [...dependencies.values()], { idempotencyKey: `${job.key}-${job.attempts}`, abortSignal });
    if (!judgement) return undefined;
    const threshold = judge.threshold ?? 0.6;
    this.emit({ type: 'job:judged', ...meta, score: judgement.score, problems: judgement.problems, passed: judgement.score >= threshold, at: this.clock.now() });
    const base = withChecks(outcome.result, checks) as Record<string, JsonValue>;
    if (judgement.score >= threshold) return { result: { ...base, judge: { score: judgement.score, problems: judgement.problems } }, outputs: outcome.outputs, costUsd: judgement.costUsd };
    const candidates = await keepCandidate(this.movieDir, job, outcome, judgement);
    if (job.attempts < job.maxAttempts) {
      throw new QualityFailure({
        message: `the judge scored it ${judgement.score.toFixed(2)}, below ${threshold}: ${judgement.problems.join('; ') || 'no reason given'}`,
        costUsd: outcome.costUsd + judgement.costUsd,
        checks,
      });
    }
    // Out of attempts: the best take so far goes in the film, flagged for the user to look at.
    const best = await putBestCandidate(this.movieDir, job, candidates);
    return {
      result: { ...((best.result ?? {}) as Record<string, JsonValue>), judge: { score: best.score, problems: best.problems, flagged: true, candidates: candidates.length } },
      outputs: best.outputs,
      costUsd: judgement.costUsd,
    };
  }

  private async settleFailure(job: Job, lease: JobLease, signal: AbortSignal, thrown: unknown, operation: OperationState) {
    const meta = { movieId: this.movieId, key: job.key, stage: job.stage };
    const reason = signal.aborted ? signal.reason : undefined;
    if (reason instanceof StopRequested) {
      await this.store.release(lease, this.clock.now());
      return;
    }
    if (reason instanceof LeaseLost || thrown instanceof LeaseLost) return;
    const error = toCinemaError(reason ?? thrown);
    const now = this.clock.now();
    // The result's file is gone at the provider (404/410 on the download), or the take failed its
    // checks: fetching it again cannot help, the work must be made again.
    const state: OperationState = operation === 'saved' && (error.category === 'not_found' || error.category === 'quality') ? 'discarded' : operation;
    const costUsd = QualityFailure.isInstance(error) ? error.costUsd : 0;
    const decision = decideFailure({ job, error, operation: state, now, retry: this.retry, deadlineMs: this.deadlineMs });
    const summary = { message: explainFailure(error, decision.keepOperation, operation === 'saved'), category: error.category };
    if (decision.retryAt !== null) {
      if (decision.rateLimited) {
        // The provider limits the account: every worker on the store waits, not only this one.
        this.limiter.block(job.lane, decision.retryAt);
        await this.store.pauseLane(job.lane, decision.retryAt, now);
      }
      await this.store.fail(lease, { error: { ...summary, isRetryable: true }, retryAt: decision.retryAt, consumeAttempt: decision.consumeAttempt, keepOperation: decision.keepOperation, costUsd }, now);
      this.emit({ type: 'job:retrying', ...meta, attempt: job.attempts, delayMs: decision.delayMs, error: summary, at: now });
    } else {
      await this.store.fail(lease, { error: { ...summary, isRetryable: false }, retryAt: null, consumeAttempt: true, keepOperation: decision.keepOperation, costUsd }, now);
      this.emit({ type: 'job:failed', ...meta, error: summary, at: now });
    }
  }

  private jobContext(job: Job, lease: JobLease, abortSignal: AbortSignal, dependencies: Map<string, Job>, stage: Stage, work: { operation: OperationState }): JobContext {
    const meta = { movieId: this.movieId, key: job.key, stage: job.stage };
    // Derived, not random: the same after a crash, so a resubmission carries the same key; a new one
    // after each recorded failure, so a retry after a provider failure is not deduplicated away.
    const idempotencyKey = `cinema-${sha256(`${this.movieId}\n${job.key}\n${job.inputHash}\n${job.errors.length}`).slice(0, 32)}`;
    return {
      movieId: this.movieId,
      movieDir: this.movieDir,
      input: this.input,
      settings: this.settings,
      screenplay: this.plan.screenplay,
      abortSignal,
      idempotencyKey,
      dependency: (key) => {
        const dependency = dependencies.get(key);
        if (!dependency) {
          const hint = key === this.plan.screenplayKey ? ' (read the screenplay from context.screenplay)' : '';
          throw new CinemaError({ message: `job ${job.key} needs ${key}, which is not among its loaded dependencies${hint}`, category: 'config' });
        }
        return dependency;
      },
      readAsset: async (relativePath, label) => {
        const file = await readInputFile(this.movieDir, relativePath, label);
        // Providers that take reference URLs fetch it from the shared store instead of an upload.
        const url = await this.options.assets?.url(assetKey(this.movieId, relativePath), { expiresInSeconds: 3 * 3600 });
        return url ? { ...file, url } : file;
      },
      writeAsset: (relativePath, file) =>
        writeAsset(this.movieDir, relativePath, file, {
          fetch: this.options.fetch,
          abortSignal,
          beforeRename: () => this.boundary('asset-written', job),
        }),
      runOperation: (calls) =>
        runOperation(
          {
            job,
            lease,
            store: this.store,
            clock: this.clock,
            idempotencyKey,
            abortSignal,
            poll: this.options.operationPollMs ?? { initial: 1_000, max: 10_000 },
            deadlineAt: (job.firstStartedAt ?? this.clock.now()) + this.deadlineMs,
            cancel: stage.cancel && ((operation) => stage.cancel!({ ...job, operation })),
            ownedByAnotherJob: (operation) => this.ownedByAnotherJob(job.key, operation),
            state: work,
            emit: (event) => this.emit(event),
            boundary: (name) => this.boundary(name, job),
          },
          calls,
        ),
      progress: (fraction, message) => this.emit({ type: 'job:progress', ...meta, fraction, message, at: this.clock.now() }),
      warn: (message) => this.emit({ type: 'job:warning', ...meta, message, at: this.clock.now() }),
      boundary: (name) => this.boundary(name, job),
      override: overrideOf(job),
    };
  }

  private async ownedByAnotherJob(key: string, operation: JsonValue): Promise<boolean> {
    const wanted = stableStringify(operation);
    return (await this.store.listJobs(this.movieId)).some((other) => other.key !== key && other.operation !== null && stableStringify(other.operation) === wanted);
  }
}

function overrideOf(job: Job): JobOverride | undefined {
  const override = (job.input as { override?: JobOverride } | null)?.override;
  return override && typeof override === 'object' ? override : undefined;
}

/** The stages whose takes a judge scores: pictures and clips. */
const judgedStages: ReadonlySet<string> = new Set(['keyframes', 'videos']);

/** A take's result with the checks it passed, so `cinema jobs` and `review` can show them. */
function withChecks(result: JsonValue | undefined, checks: AssetCheck[]): JsonValue {
  const base = result !== undefined && result !== null && typeof result === 'object' && !Array.isArray(result) ? result : result === undefined ? {} : { value: result };
  return { ...base, checks: checks as unknown as JsonValue };
}

/** The job's error says what happens to the paid work next, so `cinema jobs` tells the user. */
function explainFailure(error: CinemaError, kept: boolean, hadOperation: boolean): string {
  if (kept) return `${error.message} (the provider holds this paid work: the next attempt fetches it again instead of submitting it)`;
  // Only about provider work: a file missing from the asset store is not the provider's.
  if (hadOperation && error.category === 'not_found' && !error.message.includes('submits it again')) {
    return `${error.message} (the provider no longer has the result: the next attempt submits the work again)`;
  }
  return error.message;
}
