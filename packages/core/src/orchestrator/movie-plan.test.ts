import { describe, expect, it } from 'vitest';
import { MemoryJobStore } from '../job-store/memory-job-store.js';
import type { JobSpec } from '../job-store/v1/index.js';
import { defaultMovieSettings } from '../pipeline/default-movie-settings.js';
import type { PlanContext, Stage } from '../pipeline/v1/index.js';
import { ManualClock } from '../testing/manual-clock.js';
import { fakeScreenplay } from '../testing/fake-provider.js';
import type { CinemaEvent } from './events.js';
import { MoviePlan } from './movie-plan.js';
import { madeFromHash } from './stale-jobs.js';

const movieId = 'm';

/** A screenplay job, then one clip job per scene of the screenplay once it exists. */
function stages(): Stage[] {
  const spec = (key: string, overrides: Partial<JobSpec> = {}): JobSpec => ({ key, stage: 'clips', lane: 'vid', input: { key }, inputHash: `h:${key}`, dependsOn: [], ...overrides });
  return [
    { specificationVersion: 'v1', name: 'screenplay', plan: () => [spec('screenplay', { stage: 'screenplay', lane: 'local', produces: { kind: 'screenplay' } })], run: async () => ({ outputs: [], costUsd: 0 }) },
    {
      specificationVersion: 'v1',
      name: 'clips',
      plan: ({ screenplay, producerOf }: PlanContext) => (screenplay?.scenes ?? []).map((scene) => spec(`clip:${scene.id}`, { dependsOn: [producerOf({ kind: 'screenplay' })!] })),
      run: async () => ({ outputs: [], costUsd: 0 }),
    },
  ];
}

async function setUp(scenes: number) {
  const store = new MemoryJobStore();
  const clock = new ManualClock();
  await store.createMovie({ id: movieId, input: {}, now: clock.now() });
  const events: CinemaEvent[] = [];
  const make = () => new MoviePlan({ movieId, movieDir: '/nowhere', input: { script: 'x' }, settings: defaultMovieSettings, stages: stages(), store, clock, maxAttempts: 2, reviewBefore: ['clips'], emit: (event) => events.push(event) });
  const plan = make();
  await plan.update();
  // The screenplay job completes with `scenes` scenes.
  const [claimed] = await store.claim({ movieId, workerId: 'w', limit: 1, leaseMs: 1000, now: clock.now() });
  await store.complete({ movieId, key: claimed!.key, token: claimed!.leaseToken }, { outputs: [], result: fakeScreenplay('x', scenes), costUsd: 0 }, clock.now());
  return { store, events, make };
}

describe('MoviePlan', () => {
  it('plans from the screenplay once it exists, holds the stages under review, and writes nothing when nothing changed', async () => {
    const { store, make } = await setUp(2);
    const plan = make();
    plan.load(await store.listJobs(movieId));
    expect(await plan.update()).toEqual(['local', 'vid', 'vid']);
    expect(plan.screenplayKey).toBe('screenplay');
    expect((await store.listJobs(movieId, { stage: 'clips' })).map((job) => [job.key, job.held, job.maxAttempts])).toEqual([
      ['clip:scene_1', true, 2],
      ['clip:scene_2', true, 2],
    ]);
    let writes = 0;
    const enqueue = store.enqueue.bind(store);
    store.enqueue = async (...args) => (writes++, enqueue(...args));
    await plan.update();
    expect(writes).toBe(0);
  });

  it('retires the jobs the plan no longer names, once the screenplay they come from is current', async () => {
    const { store, events, make } = await setUp(3);
    const first = make();
    first.load(await store.listJobs(movieId));
    await first.update();
    // The screenplay is made again with one scene fewer.
    await store.enqueue(movieId, [{ key: 'screenplay', stage: 'screenplay', lane: 'local', input: { key: 'screenplay' }, inputHash: 'h:screenplay2', dependsOn: [] }], 0);
    const again = make();
    again.load(await store.listJobs(movieId));
    await again.update();
    expect((await store.listJobs(movieId, { status: 'retired' })).map((job) => job.key)).toEqual([]);
    const [claimed] = await store.claim({ movieId, workerId: 'w', limit: 1, leaseMs: 1000, now: 1e13 });
    await store.complete({ movieId, key: claimed!.key, token: claimed!.leaseToken }, { outputs: [], result: fakeScreenplay('x', 2), costUsd: 0 }, 1e13);
    const last = make();
    last.load(await store.listJobs(movieId));
    await last.update();
    expect((await store.listJobs(movieId, { status: 'retired' })).map((job) => job.key)).toEqual(['clip:scene_3']);
    expect(events.some((event) => event.type === 'plan:retired' && event.keys.includes('clip:scene_3'))).toBe(true);
  });

  it('does not make again a screenplay another worker made, when this run last saw the drafts it comes from unfinished', async () => {
    const store = new MemoryJobStore();
    const clock = new ManualClock();
    await store.createMovie({ id: movieId, input: {}, now: clock.now() });
    const spec = (key: string, overrides: Partial<JobSpec> = {}): JobSpec => ({ key, stage: key, lane: 'local', input: { key }, inputHash: `h:${key}`, dependsOn: [], ...overrides });
    const drafted: Stage[] = [
      { specificationVersion: 'v1', name: 'draft', plan: () => [spec('draft')], run: async () => ({ outputs: [], costUsd: 0 }) },
      { specificationVersion: 'v1', name: 'screenplay', plan: () => [spec('screenplay', { dependsOn: ['draft'], produces: { kind: 'screenplay' } })], run: async () => ({ outputs: [], costUsd: 0 }) },
      ...stages().slice(1),
    ];
    const plan = new MoviePlan({ movieId, movieDir: '/nowhere', input: { script: 'x' }, settings: defaultMovieSettings, stages: drafted, store, clock, maxAttempts: 2, reviewBefore: [], emit: () => undefined });
    plan.load(await store.listJobs(movieId));
    await plan.update();
    // Another worker makes the draft, then the screenplay from it, while this run looks elsewhere.
    const finish = async (key: string, result: JobSpec['input']) => {
      const [job] = await store.claim({ movieId, workerId: 'other', limit: 1, leaseMs: 1000, now: clock.now() });
      expect(job!.key).toBe(key);
      const dependencies = new Map((await store.listJobs(movieId)).map((dependency) => [dependency.key, dependency]));
      await store.complete({ movieId, key, token: job!.leaseToken }, { outputs: [], result, costUsd: 0, inputHash: madeFromHash(job!, dependencies, 'screenplay') }, clock.now());
    };
    await finish('draft', { scenes: 2 });
    await finish('screenplay', fakeScreenplay('x', 2) as unknown as JobSpec['input']);
    // This run learns of the screenplay (and only of it) and plans from it.
    plan.completed((await store.getJob(movieId, 'screenplay'))!);
    await plan.update();
    const screenplay = await store.getJob(movieId, 'screenplay');
    expect([screenplay!.status, screenplay!.takes.length]).toEqual(['completed', 0]);
    expect((await store.listJobs(movieId, { stage: 'clips' })).map((job) => job.key)).toEqual(['clip:scene_1', 'clip:scene_2']);
  });
});
