import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { CinemaError, toCinemaError } from '../errors/index.js';
import type { Job, JobLease, JobSpec, JobSummary } from '../job-store/v1/job.js';
import type { JobStoreV1 } from '../job-store/v1/job-store-v1.js';
import { outputsPresent, readInputFile, writeAsset } from '../movie/assets.js';
import type { JsonValue } from '../provider/v1/shared.js';
import { parseScreenplay } from '../screenplay/parse-screenplay.js';
import type { Screenplay } from '../screenplay/screenplay-schema.js';
import type { JobContext, MovieInput, MovieSettings, OperationCalls, Stage } from '../pipeline/stage.js';
import { type Clock, systemClock } from '../util/clock.js';
import { sha256 } from '../util/hash.js';
import { defaultRetryPolicy, retryDelay, type RetryPolicy } from './backoff.js';
import type { CinemaEvent, RunStatus } from './events.js';
import type { OrchestratorOptions } from './orchestrator-options.js';
import { LaneRateLimiter } from './rate-limiter.js';
import { jobKeys } from '../stages/job-keys.js';

/** The key of the job whose result is the screenplay every later stage plans from. */
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

class LeaseLost extends CinemaError {
  constructor(key: string) {
    super({ message: `lost the lease on job ${key}: another worker took it over`, category: 'cancelled' });
  }
}

/**
 * One process working one movie: claims ready jobs as provider limits allow, runs them through their
 * stage, records every outcome, and re-plans when the screenplay appears.
 */
export class MovieRun {
  private readonly store: JobStoreV1;
  private readonly clock: Clock;
  private readonly retry: RetryPolicy;
  private readonly leaseMs: number;
  private readonly workerId: string;
  private readonly stages: Map<string, Stage>;
  private readonly limiter: LaneRateLimiter;
  private readonly laneConcurrency: Record<string, number>;
  private readonly inFlight = new Map<string, { promise: Promise<void>; controller: AbortController }>();
  private readonly results = new Map<string, JsonValue>();
  private screenplay: Screenplay | undefined;
  /** Key → input hash of every job the store holds for this movie, as far as this run knows. */
  private readonly enqueued = new Map<string, string>();
  private announcedPlan = false;
  private stopping = false;
  private wake: (() => void) | undefined;
  /** Something changed (a job ended, a stop) while the loop was busy: don't wait before looking again. */
  private woken = false;
  private planning: Promise<void> = Promise.resolve();
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
    this.workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    this.stages = new Map(stages.map((stage) => [stage.name, stage]));
    const limits = options.limits ?? {};
    this.limiter = new LaneRateLimiter(
      Object.fromEntries(Object.entries(limits).map(([lane, limit]) => [lane, limit.requestsPerMinute])),
      this.clock.now(),
    );
    this.laneConcurrency = {};
    this.defaultConcurrency = options.defaultConcurrency ?? 4;
    for (const [lane, limit] of Object.entries(limits)) this.laneConcurrency[lane] = limit.concurrency ?? this.defaultConcurrency;
  }

  private readonly defaultConcurrency: number;

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
    await this.expireDeadWorkers(jobs, now);
    await this.store.reclaimExpired(this.movieId, now);
    const completed = jobs.filter((job) => job.status === 'completed');
    for (const job of completed) if (job.result !== null) this.results.set(job.key, job.result);
    for (const job of jobs) this.enqueued.set(job.key, job.inputHash);
    await this.repairMissingOutputs(completed);
    await this.replan();

    const abortSignal = this.options.abortSignal;
    const onAbort = () => this.stop();
    abortSignal?.addEventListener('abort', onAbort, { once: true });
    if (abortSignal?.aborted) this.stop();
    try {
      const status = await this.loop();
      const summary = await this.store.summarize(this.movieId);
      this.emit({ type: 'run:finished', movieId: this.movieId, status, summary, at: this.clock.now() });
      return { status, summary, screenplay: this.screenplay };
    } finally {
      abortSignal?.removeEventListener('abort', onAbort);
    }
  }

  /** Leases held by processes of this host that no longer exist end now: a crash is resumed at once. */
  private async expireDeadWorkers(jobs: readonly Job[], now: number) {
    if (!this.store.expireLeasesOf) return;
    const owners = new Set<string>();
    for (const job of jobs) if ((job.status === 'in_progress' || job.status === 'waiting') && job.leaseOwner) owners.add(job.leaseOwner);
    for (const owner of owners) {
      const [host, pid] = owner.split(':');
      if (host !== hostname() || Number(pid) === process.pid || isAlive(Number(pid))) continue;
      await this.store.expireLeasesOf(this.movieId, owner, now);
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
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
    this.wake = undefined;
    this.woken = false;
  }

  private defaultLaneLimits(lanes: Iterable<string>) {
    for (const lane of lanes) this.laneConcurrency[lane] ??= this.defaultConcurrency;
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
        await this.store.reclaimExpired(this.movieId, now);
        nextSweep = now + sweepMs;
      }
      const free = Math.min(maxInFlight - this.inFlight.size, this.limiter.headroom(now));
      if (free > 0) {
        await this.planning;
        const claimed = await this.store.claim({
          movieId: this.movieId,
          workerId: this.workerId,
          limit: free,
          leaseMs: this.leaseMs,
          now,
          laneConcurrency: this.laneConcurrency,
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
        const verdict = await this.idleVerdict();
        if (verdict.status) return verdict.status;
        waitMs = verdict.waitMs;
      }
      now = this.clock.now();
      waitMs = Math.max(0, Math.min(waitMs, nextSweep - now));
      await this.sleepUntilWoken(waitMs);
    }
  }

  /** Nothing runs here: is the movie finished, stuck, over budget, or waiting for something? */
  private async idleVerdict(): Promise<{ status?: RunStatus; waitMs: number }> {
    const idlePollMs = this.options.idlePollMs ?? 500;
    const summary = await this.store.summarize(this.movieId);
    if (summary.inProgress + summary.waiting > 0) {
      // Held by another process: take the jobs over as soon as their leases run out.
      await this.store.reclaimExpired(this.movieId, this.clock.now());
      return { waitMs: idlePollMs };
    }
    if (summary.pending === 0) return { status: summary.failed + summary.cancelled > 0 ? 'failed' : 'completed', waitMs: 0 };
    const now = this.clock.now();
    const ready = (await this.store.listJobs(this.movieId, { status: 'pending' })).filter((job) => job.pendingDependencies === 0);
    if (ready.length === 0) return { status: 'failed', waitMs: 0 };
    let soonest = Infinity;
    let overBudget = 0;
    for (const job of ready) {
      const at = Math.max(job.runAt, this.limiter.readyAt(job.lane, now));
      if (at > now) soonest = Math.min(soonest, at);
      else if (this.options.maxCostUsd !== undefined && summary.costUsd + job.estimatedCostUsd > this.options.maxCostUsd) overBudget++;
      else soonest = now;
    }
    if (soonest !== Infinity) return { waitMs: Math.max(1, soonest - now) };
    if (overBudget > 0) {
      this.emit({ type: 'budget:blocked', movieId: this.movieId, maxCostUsd: this.options.maxCostUsd!, spentUsd: summary.costUsd, at: now });
      return { status: 'budget_exceeded', waitMs: 0 };
    }
    return { waitMs: idlePollMs };
  }

  /** Completed jobs whose files are gone or changed size are run again: a film is never built on a missing file. */
  private async repairMissingOutputs(completed: readonly Job[]) {
    const missing: string[] = [];
    for (const job of completed) {
      if (job.outputs.length > 0 && !(await outputsPresent(this.movieDir, job.outputs))) missing.push(job.key);
    }
    if (missing.length === 0) return;
    throw new CinemaError({
      category: 'input',
      message:
        `Files made by ${missing.length} finished job(s) are missing or changed on disk (${missing.slice(0, 3).join(', ')}` +
        `${missing.length > 3 ? ', ...' : ''}) under ${this.movieDir}. Restore them, or run \`cinema retry ${this.movieId} --job <key>\` to make them again.`,
    });
  }

  private async replan() {
    const run = async () => {
      const raw = this.results.get(screenplayJobKey);
      this.screenplay = raw === undefined ? undefined : parseScreenplay(raw);
      const planned = new Map<string, JobSpec>();
      for (const stage of this.stages.values()) {
        for (const spec of stage.plan({
          movieId: this.movieId,
          input: this.input,
          settings: this.settings,
          screenplay: this.screenplay,
          results: this.results,
          planned,
        })) {
          planned.set(spec.key, spec);
        }
      }
      const specs = [...planned.values()];
      this.defaultLaneLimits(specs.map((spec) => spec.lane));
      // Jobs the store already has with the same inputs need no write: resuming a long movie stays quick.
      const changed = specs.filter((spec) => this.enqueued.get(spec.key) !== spec.inputHash);
      const { created } = changed.length > 0 ? await this.store.enqueue(this.movieId, changed, this.clock.now()) : { created: 0 };
      for (const spec of changed) this.enqueued.set(spec.key, spec.inputHash);
      if (!this.announcedPlan || created > 0) {
        this.announcedPlan = true;
        this.emit({ type: 'plan:updated', movieId: this.movieId, total: specs.length, created, at: this.clock.now() });
      }
    };
    this.planning = this.planning.then(run);
    await this.planning;
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

  private async runJob(job: Job, controller: AbortController) {
    const lease: JobLease = { movieId: this.movieId, key: job.key, token: job.leaseToken };
    const meta = { movieId: this.movieId, key: job.key, stage: job.stage };
    await this.boundary('claimed', job);
    const attemptTimeoutMs = this.options.attemptTimeoutMs ?? 30 * 60_000;
    const timeout = setTimeout(
      () => controller.abort(new CinemaError({ message: `attempt timed out after ${attemptTimeoutMs} ms`, category: 'timeout', isRetryable: true })),
      attemptTimeoutMs,
    );
    const heartbeat = setInterval(() => {
      this.store.heartbeat(lease, this.leaseMs, this.clock.now()).then(
        (alive) => alive || controller.abort(new LeaseLost(job.key)),
        () => undefined,
      );
    }, Math.max(10, this.leaseMs / 3));
    try {
      const deadline = this.options.jobDeadlineMs ?? 6 * 3_600_000;
      if (job.firstStartedAt !== null && this.clock.now() - job.firstStartedAt > deadline) {
        throw new CinemaError({ message: `job passed its deadline of ${Math.round(deadline / 1000)} s`, category: 'timeout' });
      }
      const stage = this.stages.get(job.stage);
      if (!stage) {
        throw new CinemaError({ message: `no stage named "${job.stage}" in this pipeline runs job ${job.key}`, category: 'config' });
      }
      this.emit({ type: 'job:started', ...meta, attempt: job.attempts, at: this.clock.now() });
      // The screenplay job is everyone's dependency and its result is large: stages read the parsed
      // screenplay from the context instead.
      const dependencies = new Map<string, Job>();
      const loaded = await Promise.all(
        job.dependsOn.filter((key) => key !== screenplayJobKey).map((key) => this.store.getJob(this.movieId, key)),
      );
      for (const dependency of loaded) if (dependency) dependencies.set(dependency.key, dependency);
      const outcome = await stage.run(job, this.jobContext(job, lease, controller.signal, dependencies));
      controller.signal.throwIfAborted();
      await this.boundary('before-complete', job);
      const completed = await this.store.complete(lease, { outputs: outcome.outputs, result: outcome.result, costUsd: outcome.costUsd }, this.clock.now());
      if (!completed) return;
      await this.boundary('completed', job);
      this.emit({ type: 'job:completed', ...meta, costUsd: outcome.costUsd, at: this.clock.now() });
      if (outcome.result !== undefined) this.results.set(job.key, outcome.result);
      if (outcome.replan) await this.replan();
    } catch (thrown) {
      await this.settleFailure(job, lease, controller.signal, thrown);
    } finally {
      clearTimeout(timeout);
      clearInterval(heartbeat);
    }
  }

  private async settleFailure(job: Job, lease: JobLease, signal: AbortSignal, thrown: unknown) {
    const meta = { movieId: this.movieId, key: job.key, stage: job.stage };
    const reason = signal.aborted ? signal.reason : undefined;
    if (reason instanceof StopRequested) {
      await this.store.release(lease, this.clock.now());
      return;
    }
    if (reason instanceof LeaseLost) return;
    const error = toCinemaError(reason ?? thrown);
    const now = this.clock.now();
    const rateLimited = error.category === 'rate_limit';
    const deadline = this.options.jobDeadlineMs ?? 6 * 3_600_000;
    const withinDeadline = job.firstStartedAt === null || now - job.firstStartedAt < deadline;
    const retryable = error.isRetryable && withinDeadline && (rateLimited || job.attempts < job.maxAttempts);
    const summary = { message: error.message, category: error.category };
    if (retryable) {
      const delayMs = retryDelay(job.attempts, this.retry, error.retryAfterMs);
      if (rateLimited) this.limiter.block(job.lane, now + delayMs);
      await this.store.fail(lease, { error: { ...summary, isRetryable: true }, retryAt: now + delayMs, consumeAttempt: !rateLimited }, now);
      this.emit({ type: 'job:retrying', ...meta, attempt: job.attempts, delayMs, error: summary, at: now });
    } else {
      await this.store.fail(lease, { error: { ...summary, isRetryable: false }, retryAt: null, consumeAttempt: true }, now);
      this.emit({ type: 'job:failed', ...meta, error: summary, at: now });
    }
  }

  private jobContext(job: Job, lease: JobLease, abortSignal: AbortSignal, dependencies: Map<string, Job>): JobContext {
    const meta = { movieId: this.movieId, key: job.key, stage: job.stage };
    // Derived, not random: the same after a crash, so a resubmission carries the same key; a new one
    // after each recorded failure, so a retry after a provider failure is not deduplicated away.
    const idempotencyKey = `cinema-${sha256(`${this.movieId}\n${job.key}\n${job.inputHash}\n${job.errors.length}`).slice(0, 32)}`;
    return {
      movieId: this.movieId,
      movieDir: this.movieDir,
      input: this.input,
      settings: this.settings,
      screenplay: this.screenplay,
      abortSignal,
      idempotencyKey,
      dependency: (key) => {
        const dependency = dependencies.get(key);
        if (!dependency) {
          const hint = key === screenplayJobKey ? ' (read the screenplay from context.screenplay)' : '';
          throw new CinemaError({ message: `job ${job.key} needs ${key}, which is not among its loaded dependencies${hint}`, category: 'config' });
        }
        return dependency;
      },
      readAsset: (relativePath, label) => readInputFile(this.movieDir, relativePath, label),
      writeAsset: (relativePath, file) =>
        writeAsset(this.movieDir, relativePath, file, {
          fetch: this.options.fetch,
          abortSignal,
          beforeRename: () => this.boundary('asset-written', job),
        }),
      runOperation: (calls) => this.runOperation(job, lease, abortSignal, idempotencyKey, calls),
      progress: (fraction, message) => this.emit({ type: 'job:progress', ...meta, fraction, message, at: this.clock.now() }),
      warn: (message) => this.emit({ type: 'job:warning', ...meta, message, at: this.clock.now() }),
      boundary: (name) => this.boundary(name, job),
    };
  }

  private async runOperation<Result>(job: Job, lease: JobLease, abortSignal: AbortSignal, idempotencyKey: string, calls: OperationCalls<Result>): Promise<Result> {
    const meta = { movieId: this.movieId, key: job.key, stage: job.stage };
    let operation = job.operation;
    if (operation === null) {
      if (!(await this.store.setSubmitKey(lease, idempotencyKey, this.clock.now()))) throw new LeaseLost(job.key);
      await this.boundary('before-submit', job);
      const started = await calls.start();
      await this.boundary('after-submit', job);
      if (!(await this.store.markSubmitted(lease, started.operation, this.clock.now()))) throw new LeaseLost(job.key);
      await this.boundary('submitted', job);
      this.emit({ type: 'job:submitted', ...meta, at: this.clock.now() });
      operation = started.operation;
    } else {
      this.emit({ type: 'job:reattached', ...meta, at: this.clock.now() });
    }
    const poll = this.options.operationPollMs ?? { initial: 1_000, max: 10_000 };
    let delay = poll.initial;
    for (;;) {
      abortSignal.throwIfAborted();
      let status;
      try {
        status = await calls.status(operation, abortSignal);
      } catch (thrown) {
        const error = toCinemaError(thrown);
        // Polling is free and the work is paid for: keep polling through transient errors.
        if (!error.isRetryable || abortSignal.aborted) throw error;
        await this.clock.sleep(Math.max(delay, error.retryAfterMs ?? 0), abortSignal);
        delay = Math.min(delay * 2, poll.max);
        continue;
      }
      if (status.status === 'completed') {
        await this.boundary('provider-finished', job);
        return status.result;
      }
      if (status.status === 'failed') {
        throw new CinemaError({
          message: `the provider failed the work: ${status.message}`,
          category: status.category ?? 'unknown',
          isRetryable: status.isRetryable ?? false,
        });
      }
      if (status.progress !== undefined) this.emit({ type: 'job:progress', ...meta, fraction: status.progress, at: this.clock.now() });
      await this.clock.sleep(status.pollAfterMs ?? delay, abortSignal);
      delay = Math.min(Math.ceil(delay * 1.5), poll.max);
    }
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
