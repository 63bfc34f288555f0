import { MovieNotFoundError } from '../errors/index.js';
import type { JsonValue } from '../provider/v1/index.js';
import { MemoryEventLog } from './memory-event-log.js';
import { summarizeJobs } from './summarize-jobs.js';
import type {
  ClaimRequest,
  Job,
  JobCompletion,
  JobFailure,
  JobLease,
  JobOutput,
  JobSpec,
  JobStatus,
  JobStoreV1,
  JobSummary,
  JobTake,
  MovieRecord,
  StoreEvent,
  StoreEventQuery,
  WebhookDelivery,
  WebhookDeliveryOutcome,
  WebhookLeaseRequest,
} from './v1/index.js';

const active: ReadonlySet<JobStatus> = new Set(['in_progress', 'waiting']);
const cancellable: ReadonlySet<JobStatus> = new Set(['pending', 'in_progress', 'waiting']);

/**
 * A job store that lives in memory: for tests and for runs that need no resume. One process only.
 * Jobs are copied in and out so callers never share state with the store.
 */
export class MemoryJobStore implements JobStoreV1 {
  readonly specificationVersion = 'v1' as const;
  readonly description = 'memory';
  private readonly movies = new Map<string, MovieRecord>();
  private readonly jobs = new Map<string, Map<string, Job>>();
  private readonly dependents = new Map<string, Map<string, string[]>>();
  /** Per lane, store-wide: when its next rate-limited claim may start, and until when it is paused. */
  private readonly lanes = new Map<string, { nextStartAt: number; pausedUntil: number }>();
  private readonly log = new MemoryEventLog(this.jobs);

  async createMovie({ id, input, now }: { id: string; input: JsonValue; now: number }): Promise<MovieRecord> {
    const existing = this.movies.get(id);
    if (existing) return structuredClone(existing);
    const movie: MovieRecord = { id, createdAt: now, updatedAt: now, input: structuredClone(input), state: null };
    this.movies.set(id, movie);
    this.jobs.set(id, new Map());
    this.dependents.set(id, new Map());
    this.log.movieCreated(movie);
    return structuredClone(movie);
  }

  async getMovie(movieId: string) {
    const movie = this.movies.get(movieId);
    return movie && structuredClone(movie);
  }

  async listMovies() {
    return [...this.movies.values()].map((movie) => structuredClone(movie));
  }

  async saveState(movieId: string, state: JsonValue, now: number) {
    const movie = this.requireMovie(movieId);
    movie.state = structuredClone(state);
    movie.updatedAt = now;
    this.log.runEnded(movie);
  }

  async setMovieInput(movieId: string, input: JsonValue, now: number) {
    this.log.record();
    const movie = this.requireMovie(movieId);
    movie.input = structuredClone(input);
    movie.updatedAt = now;
  }

  async enqueue(movieId: string, specs: JobSpec[], now: number) {
    this.log.record();
    const jobs = this.jobsOf(movieId);
    const dependents = this.dependents.get(movieId)!;
    let created = 0;
    let updated = 0;
    for (const spec of specs) {
      const existing = jobs.get(spec.key);
      if (existing) {
        if (existing.status === 'retired' && existing.inputHash === spec.inputHash) {
          // Planned again unchanged (a removed scene put back): it is what it was. A job retired while
          // being made again has no finished version of this plan, so it is made.
          Object.assign(existing, { status: existing.completedAt !== null ? 'completed' : 'pending', updatedAt: now } satisfies Partial<Job>);
          updated++;
        } else if (existing.inputHash !== spec.inputHash && replannable(existing)) {
          for (const dependency of existing.dependsOn) dependents.set(dependency, (dependents.get(dependency) ?? []).filter((key) => key !== spec.key));
          replan(existing, spec, now);
          for (const dependency of spec.dependsOn) dependents.set(dependency, [...(dependents.get(dependency) ?? []), spec.key]);
          updated++;
        }
        continue;
      }
      jobs.set(spec.key, newJob(movieId, spec, now));
      for (const dependency of spec.dependsOn) {
        const list = dependents.get(dependency) ?? [];
        list.push(spec.key);
        dependents.set(dependency, list);
      }
      created++;
    }
    // A re-planned job may have been completed: every pending job counts its dependencies again.
    if (updated > 0) this.recountDependencies(movieId);
    else {
      for (const spec of specs) {
        const job = jobs.get(spec.key)!;
        if (job.status === 'pending') job.pendingDependencies = job.dependsOn.filter((key) => jobs.get(key)?.status !== 'completed').length;
      }
    }
    return { created, updated };
  }

  async claim(request: ClaimRequest): Promise<Job[]> {
    this.log.record();
    const jobs = this.jobsOf(request.movieId);
    const excluded = new Set(request.excludeLanes ?? []);
    for (const [lane, state] of this.lanes) if (state.pausedUntil > request.now) excluded.add(lane);
    const rates = request.laneRequestsPerMinute ?? {};
    for (const lane of Object.keys(rates)) if ((this.lanes.get(lane)?.nextStartAt ?? 0) > request.now) excluded.add(lane);
    // Lanes are an account's limits: what runs counts across every movie; the budget is the movie's.
    const running = new Map<string, number>();
    for (const movieJobs of this.jobs.values()) {
      for (const job of movieJobs.values()) if (active.has(job.status)) running.set(job.lane, (running.get(job.lane) ?? 0) + 1);
    }
    let committedCost = 0;
    const ready: Job[] = [];
    for (const job of jobs.values()) {
      committedCost += job.costUsd;
      if (active.has(job.status)) committedCost += job.estimatedCostUsd;
      else if (job.status === 'pending' && !job.held && job.pendingDependencies === 0 && job.runAt <= request.now && !excluded.has(job.lane)) ready.push(job);
    }
    ready.sort(claimOrder);
    const claimed: Job[] = [];
    for (const job of ready) {
      if (claimed.length >= request.limit) break;
      if (excluded.has(job.lane)) continue;
      const limit = request.laneConcurrency?.[job.lane];
      const lanes = running.get(job.lane) ?? 0;
      if (limit !== undefined && lanes >= limit) continue;
      if (request.maxCostUsd !== undefined && committedCost + job.estimatedCostUsd > request.maxCostUsd + 1e-9) continue;
      running.set(job.lane, lanes + 1);
      committedCost += job.estimatedCostUsd;
      const perMinute = rates[job.lane];
      if (perMinute !== undefined) {
        this.laneState(job.lane).nextStartAt = request.now + Math.ceil(60_000 / perMinute);
        excluded.add(job.lane);
      }
      takeLease(job, request);
      claimed.push(structuredClone(job));
    }
    return claimed;
  }

  async pauseLane(lane: string, until: number, _now: number) {
    const state = this.laneState(lane);
    state.pausedUntil = Math.max(state.pausedUntil, until);
  }

  private laneState(lane: string) {
    let state = this.lanes.get(lane);
    if (!state) this.lanes.set(lane, (state = { nextStartAt: 0, pausedUntil: 0 }));
    return state;
  }

  async heartbeat(lease: JobLease, leaseMs: number, now: number) {
    this.log.record();
    const job = this.leased(lease);
    if (!job) return false;
    job.leaseExpiresAt = now + leaseMs;
    job.updatedAt = now;
    return true;
  }

  async setSubmitKey(lease: JobLease, submitKey: string, now: number) {
    this.log.record();
    const job = this.leased(lease);
    if (!job) return false;
    job.submitKey = submitKey;
    job.updatedAt = now;
    return true;
  }

  async markSubmitted(lease: JobLease, operation: JsonValue, now: number) {
    this.log.record();
    const job = this.leased(lease);
    if (!job) return false;
    job.operation = structuredClone(operation);
    job.status = 'waiting';
    job.updatedAt = now;
    return true;
  }

  async complete(lease: JobLease, completion: JobCompletion, now: number) {
    this.log.record();
    const job = this.leased(lease);
    if (!job) return false;
    Object.assign(job, {
      status: 'completed',
      outputs: structuredClone(completion.outputs),
      result: structuredClone(completion.result ?? null),
      inputHash: completion.inputHash ?? job.inputHash,
      take: nextTake(job),
      costUsd: job.costUsd + completion.costUsd,
      completedAt: now,
      updatedAt: now,
      leaseOwner: null,
      leaseExpiresAt: null,
    } satisfies Partial<Job>);
    const jobs = this.jobsOf(lease.movieId);
    for (const key of this.dependents.get(lease.movieId)!.get(lease.key) ?? []) {
      const dependent = jobs.get(key);
      if (dependent && dependent.pendingDependencies > 0) dependent.pendingDependencies--;
    }
    return true;
  }

  async fail(lease: JobLease, failure: JobFailure, now: number) {
    this.log.record();
    const job = this.leased(lease);
    if (!job) return false;
    job.errors.push({ ...failure.error, attempt: job.attempts, at: now });
    job.costUsd += failure.costUsd ?? 0;
    if (!failure.consumeAttempt) job.attempts = Math.max(0, job.attempts - 1);
    job.leaseOwner = null;
    job.leaseExpiresAt = null;
    job.updatedAt = now;
    job.status = failure.retryAt === null ? 'failed' : 'pending';
    if (failure.retryAt !== null) job.runAt = failure.retryAt;
    // Work the provider failed must not be polled again: the next attempt submits anew. Work it
    // finished, whose result only failed to arrive, is fetched again instead of paid for twice.
    if (!failure.keepOperation) job.operation = null;
    return true;
  }

  async release(lease: JobLease, now: number) {
    this.log.record();
    const job = this.leased(lease);
    if (!job) return false;
    job.status = 'pending';
    job.attempts = Math.max(0, job.attempts - 1);
    job.leaseOwner = null;
    job.leaseExpiresAt = null;
    job.runAt = now;
    job.updatedAt = now;
    return true;
  }

  async reclaimExpired(movieId: string, now: number) {
    this.log.record();
    let count = 0;
    for (const job of this.jobsOf(movieId).values()) {
      if (!active.has(job.status) || job.leaseExpiresAt === null || job.leaseExpiresAt > now) continue;
      expireLease(job, now);
      count++;
    }
    return count;
  }

  async expireLeasesOf(movieId: string, workerId: string, now: number) {
    this.log.record();
    let count = 0;
    for (const job of this.jobsOf(movieId).values()) {
      if (!active.has(job.status) || job.leaseOwner !== workerId) continue;
      job.leaseExpiresAt = now;
      count++;
    }
    return count;
  }

  async getJob(movieId: string, key: string) {
    const job = this.jobs.get(movieId)?.get(key);
    return job && structuredClone(job);
  }

  async listJobs(movieId: string, filter: { status?: JobStatus; stage?: string } = {}) {
    return [...(this.jobs.get(movieId)?.values() ?? [])]
      .filter((job) => (filter.status === undefined || job.status === filter.status) && (filter.stage === undefined || job.stage === filter.stage))
      .map((job) => structuredClone(job));
  }

  async summarize(movieId: string): Promise<JobSummary> {
    return summarizeJobs(
      [...(this.jobs.get(movieId)?.values() ?? [])].map((job) => ({
        stage: job.stage,
        status: job.status,
        count: 1,
        costUsd: job.costUsd,
        estimatedCostUsd: job.estimatedCostUsd,
      })),
    );
  }

  async retry(movieId: string, filter: { keys?: string[] }, now: number) {
    this.log.record();
    const keys = filter.keys && new Set(filter.keys);
    const jobs = this.jobsOf(movieId);
    let count = 0;
    for (const job of jobs.values()) {
      const resettable = job.status === 'failed' || job.status === 'cancelled' || (keys !== undefined && job.status === 'completed');
      if (!resettable || (keys && !keys.has(job.key))) continue;
      if (job.status === 'completed') {
        // Made again, keeping this version as a take; its pending dependents wait for it once more.
        keepAsTake(job, now);
        for (const key of this.dependents.get(movieId)!.get(job.key) ?? []) {
          const dependent = jobs.get(key);
          if (dependent?.status === 'pending') dependent.pendingDependencies++;
        }
      }
      // A failed job may hold finished provider work whose result never arrived: it is fetched, not
      // paid for again. Completed and cancelled jobs are made anew.
      const operation = job.status === 'failed' ? job.operation : null;
      // A retry is a fresh start: the job's deadline counts from its next attempt.
      Object.assign(job, { status: 'pending', attempts: 0, runAt: now, operation, firstStartedAt: null, updatedAt: now } satisfies Partial<Job>);
      count++;
    }
    return count;
  }

  async cancel(movieId: string, filter: { keys?: string[] }, now: number) {
    this.log.record();
    const keys = filter.keys && new Set(filter.keys);
    const cancelled: Job[] = [];
    for (const job of this.jobsOf(movieId).values()) {
      if (!cancellable.has(job.status) || (keys && !keys.has(job.key))) continue;
      cancelled.push(structuredClone(job));
      Object.assign(job, { status: 'cancelled', leaseOwner: null, leaseExpiresAt: null, updatedAt: now } satisfies Partial<Job>);
    }
    return cancelled;
  }

  async approve(movieId: string, keys: string[], now: number) {
    this.log.record();
    return this.update(movieId, keys, (job) => job.held, (job) => Object.assign(job, { held: false, updatedAt: now }));
  }

  async hold(movieId: string, keys: string[], now: number) {
    this.log.record();
    return this.update(movieId, keys, (job) => !job.held && !inFlight(job), (job) => Object.assign(job, { held: true, updatedAt: now }));
  }

  async retire(movieId: string, keys: string[], now: number) {
    this.log.record();
    const count = this.update(
      movieId,
      keys,
      (job) => job.status !== 'retired',
      (job) => Object.assign(job, { status: 'retired', leaseOwner: null, leaseExpiresAt: null, updatedAt: now } satisfies Partial<Job>),
    );
    this.recountDependencies(movieId);
    return count;
  }

  async pickTake(movieId: string, key: string, take: number, now: number) {
    this.log.record();
    const job = this.jobsOf(movieId).get(key);
    if (!job || inFlight(job)) return false;
    const picked = job.takes.find((candidate) => candidate.take === take);
    if (!picked) return job.status === 'completed' && job.take === take;
    const current = currentTake(job, now);
    job.takes = [...job.takes.filter((candidate) => candidate !== picked), ...(current ? [current] : [])].sort((a, b) => a.take - b.take);
    Object.assign(job, { status: 'completed', take: picked.take, outputs: picked.outputs, result: picked.result, inputHash: picked.inputHash, completedAt: picked.completedAt, updatedAt: now } satisfies Partial<Job>);
    this.recountDependencies(movieId);
    return true;
  }

  async addTake(movieId: string, key: string, take: { outputs: JobOutput[]; result?: JsonValue }, now: number) {
    this.log.record();
    const job = this.jobsOf(movieId).get(key);
    if (!job || inFlight(job)) return undefined;
    const current = currentTake(job, now);
    if (current) job.takes = [...job.takes, current].sort((a, b) => a.take - b.take);
    const number = nextTake(job);
    Object.assign(job, {
      status: 'completed',
      take: number,
      outputs: structuredClone(take.outputs),
      result: structuredClone(take.result ?? null),
      completedAt: now,
      updatedAt: now,
      leaseOwner: null,
      leaseExpiresAt: null,
    } satisfies Partial<Job>);
    this.recountDependencies(movieId);
    return number;
  }

  async listEvents(query: StoreEventQuery): Promise<StoreEvent[]> {
    return this.log.list(query);
  }

  async lastEventSeq(movieId?: string): Promise<number> {
    return this.log.lastSeq(movieId);
  }

  async leaseWebhook(request: WebhookLeaseRequest): Promise<WebhookDelivery> {
    return this.log.lease(request);
  }

  async recordWebhookDelivery(webhookId: string, owner: string, outcome: WebhookDeliveryOutcome, now: number): Promise<boolean> {
    return this.log.recordDelivery(webhookId, owner, outcome, now);
  }

  async close() {}

  private update(movieId: string, keys: string[], applies: (job: Job) => boolean, change: (job: Job) => void): number {
    const jobs = this.jobsOf(movieId);
    let count = 0;
    for (const key of new Set(keys)) {
      const job = jobs.get(key);
      if (!job || !applies(job)) continue;
      change(job);
      count++;
    }
    return count;
  }

  /** Pending jobs count their unfinished dependencies again, after jobs changed status outside a run. */
  private recountDependencies(movieId: string) {
    const jobs = this.jobsOf(movieId);
    for (const job of jobs.values()) {
      if (job.status === 'pending') job.pendingDependencies = job.dependsOn.filter((key) => jobs.get(key)?.status !== 'completed').length;
    }
  }

  private requireMovie(movieId: string): MovieRecord {
    const movie = this.movies.get(movieId);
    if (!movie) throw new MovieNotFoundError({ movieId, where: 'the memory store' });
    return movie;
  }

  private jobsOf(movieId: string): Map<string, Job> {
    this.requireMovie(movieId);
    return this.jobs.get(movieId)!;
  }

  private leased(lease: JobLease): Job | undefined {
    const job = this.jobs.get(lease.movieId)?.get(lease.key);
    return job && job.leaseToken === lease.token && active.has(job.status) ? job : undefined;
  }
}

/** The job's fields a spec sets, with the spec's defaults; both a new job and a re-planned one take them. */
function fieldsFromSpec(spec: JobSpec) {
  return {
    stage: spec.stage,
    lane: spec.lane,
    input: structuredClone(spec.input),
    inputHash: spec.inputHash,
    dependsOn: [...spec.dependsOn],
    priority: spec.priority ?? 0,
    maxAttempts: spec.maxAttempts ?? 3,
    estimatedCostUsd: spec.estimatedCostUsd ?? 0,
    sceneId: spec.sceneId ?? null,
    characterId: spec.characterId ?? null,
  };
}

export function newJob(movieId: string, spec: JobSpec, now: number): Job {
  return {
    key: spec.key,
    movieId,
    ...fieldsFromSpec(spec),
    held: spec.held ?? false,
    status: 'pending',
    attempts: 0,
    pendingDependencies: spec.dependsOn.length,
    runAt: now,
    leaseOwner: null,
    leaseToken: 0,
    leaseExpiresAt: null,
    submitKey: null,
    operation: null,
    outputs: [],
    take: 0,
    takes: [],
    result: null,
    errors: [],
    costUsd: 0,
    createdAt: now,
    updatedAt: now,
    firstStartedAt: null,
    completedAt: null,
  };
}

function inFlight(job: Job): boolean {
  return active.has(job.status) || (job.status === 'pending' && job.operation !== null);
}

/** Whether `enqueue` may put new inputs on the job: anything but work in flight. */
function replannable(job: Job): boolean {
  return !inFlight(job);
}

/** The version in use as a take, once the job has one. */
export function currentTake(job: Job, now: number): JobTake | undefined {
  if (job.take === 0) return undefined;
  const earlier = job.takes.reduce((sum, take) => sum + take.costUsd, 0);
  return { take: job.take, outputs: job.outputs, result: job.result, costUsd: Math.max(0, job.costUsd - earlier), inputHash: job.inputHash, completedAt: job.completedAt ?? now };
}

export function nextTake(job: Pick<Job, 'take' | 'takes'>): number {
  return Math.max(job.take, ...job.takes.map((take) => take.take)) + 1;
}

/** The version in use joins the job's takes, which stay oldest (lowest take number) first. */
function keepAsTake(job: Job, now: number) {
  const current = currentTake(job, now);
  if (current && !job.takes.some((take) => take.take === current.take)) job.takes = [...job.takes, current].sort((a, b) => a.take - b.take);
}

/** New inputs for a job: a completed one keeps its version as a take and is made again. */
function replan(job: Job, spec: JobSpec, now: number) {
  if (job.status === 'completed' || job.status === 'retired') keepAsTake(job, now);
  Object.assign(job, {
    ...fieldsFromSpec(spec),
    // Held stays held (a redo holds what it will remake); a spec that says so holds it again.
    held: (spec.held ?? false) || job.held,
    updatedAt: now,
  } satisfies Partial<Job>);
  if (job.status !== 'pending') {
    Object.assign(job, { status: 'pending', attempts: 0, runAt: now, operation: null, firstStartedAt: null, completedAt: null } satisfies Partial<Job>);
  }
}

/** Priority first, then the time it became ready, then key order for a stable result. */
export function claimOrder(a: Job, b: Job): number {
  return a.priority - b.priority || a.runAt - b.runAt || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

function takeLease(job: Job, request: ClaimRequest) {
  // Every claim is an attempt; a stop or a crash while provider work was saved gives it back
  // (release, expireLease), so re-attaching after one continues the attempt it interrupted.
  job.attempts++;
  job.status = job.operation === null ? 'in_progress' : 'waiting';
  job.leaseToken++;
  job.leaseOwner = request.workerId;
  job.leaseExpiresAt = request.now + request.leaseMs;
  job.firstStartedAt ??= request.now;
  job.updatedAt = request.now;
}

function expireLease(job: Job, now: number) {
  job.leaseOwner = null;
  job.leaseExpiresAt = null;
  job.updatedAt = now;
  if (job.operation !== null) {
    // The provider holds the work: re-attaching is not a new attempt.
    job.attempts = Math.max(0, job.attempts - 1);
    job.status = 'pending';
    job.runAt = now;
  } else if (job.attempts >= job.maxAttempts) {
    job.status = 'failed';
    job.errors.push({ attempt: job.attempts, message: 'the worker holding this job stopped answering (lease expired)', category: 'timeout', isRetryable: false, at: now });
  } else {
    job.status = 'pending';
    job.runAt = now;
  }
}
