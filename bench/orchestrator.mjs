// Orchestrator benchmarks:
//  1. makespan of a 40-scene movie on fake providers with fixed latencies and concurrency limits,
//     divided by its lower bound (the larger of the critical path and, per lane, work / capacity),
//     beside the same movie run stage by stage (all characters, then all keyframes, ...);
//  2. orchestration overhead per job with a zero-latency provider (a no-op stage, so only the
//     orchestrator and the store are measured), in-memory and SQLite stores.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryJobStore, Pipeline, createDefaultPipeline, hashJson } from '@cinema/core';
import { createFakePostProduction, createFakeProvider } from '@cinema/core/testing';

const scenes = 40;
// Scaled-down ratios of hosted models (a clip takes about 30 times as long as an image): 1 ms here ~ 0.3 s there.
const latency = { text: 40, image: 20, video: 600, speech: 15 };
const limits = { llm: { concurrency: 1 }, img: { concurrency: 4 }, vid: { concurrency: 4 }, tts: { concurrency: 2 } };
const script = Array.from({ length: scenes }, (_, index) => `Scene ${index + 1} happens here.`).join('\n\n');

function models() {
  const make = (name) => createFakeProvider({ name, latencyMs: latency });
  return {
    writer: make('llm').textModel(),
    image: make('img').imageModel(),
    video: make('vid').videoModel(),
    speech: make('tts').speechModel(),
  };
}

/** Makes every job of a stage wait for every job of the stages before it: the stage-by-stage order. */
function withBarriers(pipeline) {
  const stages = pipeline.stages.map((stage, index, all) => ({
    name: stage.name,
    run: (job, context) => stage.run(job, context),
    plan(context) {
      const earlier = new Set(all.slice(0, index).map((previous) => previous.name));
      const before = [...context.planned.values()].filter((spec) => earlier.has(spec.stage)).map((spec) => spec.key);
      return stage.plan(context).map((spec) => {
        const dependsOn = [...new Set([...spec.dependsOn, ...before])];
        return { ...spec, dependsOn, inputHash: hashJson({ inner: spec.inputHash, dependsOn }) };
      });
    },
  }));
  return new Pipeline(stages);
}

async function runMovie(pipeline, label) {
  const baseDir = mkdtempSync(join(tmpdir(), 'cinema-bench-'));
  const store = new MemoryJobStore();
  const started = performance.now();
  const state = await pipeline.execute(
    { movieId: label, movieDir: join(baseDir, label), input: { script } },
    { store, limits, operationPollMs: { initial: 5, max: 20 } },
  );
  const makespan = performance.now() - started;
  const jobs = await store.listJobs(label);
  rmSync(baseDir, { recursive: true, force: true });
  if (state.status !== 'completed') throw new Error(`${label} ended ${state.status}`);
  return { makespan, jobs };
}

function lowerBound(jobs) {
  const cost = { llm: latency.text, img: latency.image, vid: latency.video, tts: latency.speech };
  const duration = (job) => cost[job.lane] ?? 0;
  const work = {};
  for (const job of jobs) work[job.lane] = (work[job.lane] ?? 0) + duration(job);
  const laneBound = Math.max(...Object.entries(work).map(([lane, total]) => total / (limits[lane]?.concurrency ?? 1)));
  const byKey = new Map(jobs.map((job) => [job.key, job]));
  const memo = new Map();
  const finish = (job) => {
    if (!memo.has(job.key)) memo.set(job.key, duration(job) + Math.max(0, ...job.dependsOn.map((key) => finish(byKey.get(key)))));
    return memo.get(job.key);
  };
  const criticalPath = Math.max(...jobs.map(finish));
  return { laneBound, criticalPath, bound: Math.max(laneBound, criticalPath) };
}

const dependencyFirst = await runMovie(createDefaultPipeline({ models: models(), postProduction: createFakePostProduction() }), 'graph');
const stageByStage = await runMovie(withBarriers(createDefaultPipeline({ models: models(), postProduction: createFakePostProduction() })), 'barrier');
const { bound, laneBound, criticalPath } = lowerBound(dependencyFirst.jobs);
const ratio = dependencyFirst.makespan / bound;
console.log(`makespan, ${scenes} scenes, ${dependencyFirst.jobs.length} jobs: ${dependencyFirst.makespan.toFixed(0)} ms`);
console.log(`lower bound ${bound.toFixed(0)} ms (critical path ${criticalPath.toFixed(0)} ms, busiest lane ${laneBound.toFixed(0)} ms): ratio ${ratio.toFixed(3)} (target <= 1.10)`);
console.log(`stage by stage (all characters, then all keyframes, ...): ${stageByStage.makespan.toFixed(0)} ms, ${(stageByStage.makespan / bound).toFixed(3)} x the bound`);

/** A stage of N independent no-op jobs plus a chain, for overhead. */
function noopStage(count) {
  return {
    name: 'noop',
    plan: () =>
      Array.from({ length: count }, (_, index) => ({
        key: `noop:${index}`,
        stage: 'noop',
        lane: `lane${index % 4}`,
        input: { index },
        inputHash: String(index),
        dependsOn: index >= 4 ? [`noop:${index - 4}`] : [],
      })),
    run: async () => ({ outputs: [], costUsd: 0 }),
  };
}

async function overhead(store, count) {
  const baseDir = mkdtempSync(join(tmpdir(), 'cinema-bench-'));
  const started = performance.now();
  const state = await new Pipeline([noopStage(count)]).execute(
    { movieId: 'overhead', movieDir: join(baseDir, 'overhead'), input: { script: 'x' } },
    { store, defaultConcurrency: 16 },
  );
  const elapsed = performance.now() - started;
  await store.close();
  rmSync(baseDir, { recursive: true, force: true });
  if (state.status !== 'completed') throw new Error(`overhead run ended ${state.status}`);
  return elapsed / count;
}

const jobs = 2000;
const memoryPerJob = await overhead(new MemoryJobStore(), jobs);
console.log(`orchestration overhead, zero-latency no-op jobs, memory store: ${memoryPerJob.toFixed(3)} ms/job over ${jobs} jobs (target < 1 ms)`);
let sqlitePerJob = null;
try {
  const { createSqliteJobStore } = await import('@cinema/tracker-sqlite');
  const dir = mkdtempSync(join(tmpdir(), 'cinema-bench-db-'));
  sqlitePerJob = await overhead(await createSqliteJobStore({ path: join(dir, 'cinema.db') }), jobs);
  rmSync(dir, { recursive: true, force: true });
  console.log(`orchestration overhead, zero-latency no-op jobs, SQLite (synchronous=FULL): ${sqlitePerJob.toFixed(3)} ms/job over ${jobs} jobs`);
} catch (error) {
  console.log(`SQLite overhead not measured: ${error.message}`);
}

console.log(
  JSON.stringify({
    bench: 'orchestrator',
    scenes,
    jobs: dependencyFirst.jobs.length,
    makespan_ms: Math.round(dependencyFirst.makespan),
    lower_bound_ms: Math.round(bound),
    makespan_ratio: Number(ratio.toFixed(3)),
    stage_by_stage_ms: Math.round(stageByStage.makespan),
    stage_by_stage_ratio: Number((stageByStage.makespan / bound).toFixed(3)),
    overhead_ms_per_job_memory: Number(memoryPerJob.toFixed(3)),
    overhead_ms_per_job_sqlite: sqlitePerJob === null ? null : Number(sqlitePerJob.toFixed(3)),
  }),
);
