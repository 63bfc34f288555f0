// Iterating benchmark: a 40-scene film on fake providers with hosted-like latencies, then a
// one-line dialogue edit of one scene. Prints the jobs the edit re-ran, the provider calls it made
// for the 39 unchanged scenes (the target is 0), and the rebuild time beside the full film's, in one
// run. The last line is a JSON object.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MovieMaker, createDefaultPipeline } from '@cinema/core';
import { createFakePostProduction, createFakeProvider } from '@cinema/core/testing';
import { createSqliteJobStore } from '@cinema/tracker-sqlite';

const scenes = 40;
const latency = { text: 40, image: 20, video: 600, speech: 15 };
const limits = { llm: { concurrency: 4 }, img: { concurrency: 4 }, vid: { concurrency: 4 }, tts: { concurrency: 2 } };

/** Reads a paragraph as `Action. NAME: line`, so an edit can change one line of dialogue. */
function writer(text) {
  const [action, line] = text.split(/ (?=ADA:)/);
  return {
    version: 1,
    title: 'Bench',
    characters: [{ id: 'char_1', name: 'ADA', description: 'an engineer', visualTraits: ['red coat'], voice: 'alto' }],
    scenes: [
      {
        id: 'scene_1',
        heading: 'INT. ROOM - DAY',
        location: 'Room',
        characters: ['char_1'],
        shots: [{ id: 'shot_1', description: action, durationSeconds: 2, dialogue: line ? [{ speaker: 'char_1', text: line.slice(5) }] : [] }],
      },
    ],
  };
}

const paragraphs = Array.from({ length: scenes }, (_, index) => `Scene ${index + 1}: Ada checks dial ${index + 1}. ADA: Dial ${index + 1} is steady.`);
const calls = [];
const make = (name) => {
  const provider = createFakeProvider({ name, latencyMs: latency, screenplay: writer });
  calls.push(provider.calls);
  return provider;
};
const pipeline = createDefaultPipeline({
  models: { writer: make('llm').textModel(), image: make('img').imageModel(), video: make('vid').videoModel(), speech: make('tts').speechModel() },
  postProduction: createFakePostProduction(),
});
const baseDir = mkdtempSync(join(tmpdir(), 'cinema-bench-iterate-'));
const store = await createSqliteJobStore({ path: join(baseDir, 'cinema.db') });
const maker = new MovieMaker({ pipeline, store, orchestrator: { limits, operationPollMs: { initial: 5, max: 20 } } });

const paid = (list) => list.filter((call) => call.type !== 'status' && call.type !== 'dedupe');
const allCalls = () => calls.flatMap(paid);
let started = performance.now();
const full = await maker.generate(paragraphs.join('\n\n'), { baseDir, movieId: 'bench' });
const fullMs = performance.now() - started;
if (full.status !== 'completed') throw new Error(`the full film ended ${full.status}`);
const jobsBefore = await store.listJobs('bench');
const callsBefore = allCalls().length;
const marks = calls.map((list) => list.length);

const edited = [...paragraphs];
edited[19] = 'Scene 20: Ada checks dial 20. ADA: Dial 20 is drifting!';
started = performance.now();
const rebuilt = await maker.update('bench', edited.join('\n\n'), { baseDir });
const rebuildMs = performance.now() - started;
if (rebuilt.status !== 'completed') throw new Error(`the edit ended ${rebuilt.status}`);
const editCalls = calls.flatMap((list, index) => paid(list.slice(marks[index])));
const jobsAfter = await store.listJobs('bench');
const rerun = jobsAfter.filter((job) => job.take > (jobsBefore.find((before) => before.key === job.key)?.take ?? 0)).map((job) => job.key).sort();
const unchangedSceneCalls = editCalls.filter((call) => !/scene_20\b|Scene 20:/.test(call.subject) && !call.subject.startsWith('screenplay'));
await maker.close();
rmSync(baseDir, { recursive: true, force: true });

console.log(`full film: ${jobsBefore.length} jobs, ${callsBefore} provider calls, ${Math.round(fullMs)} ms`);
console.log(`one-line dialogue edit: ${rerun.length} jobs re-ran (${rerun.join(', ')})`);
console.log(`  provider calls: ${editCalls.length} (${editCalls.map((call) => `${call.kind} ${call.subject}`).join('; ')})`);
console.log(`  provider calls for the ${scenes - 1} unchanged scenes: ${unchangedSceneCalls.length} (target 0)`);
console.log(`  rebuild ${Math.round(rebuildMs)} ms vs full film ${Math.round(fullMs)} ms: ${(rebuildMs / fullMs).toFixed(3)}x`);
console.log(
  JSON.stringify({
    scenes,
    fullJobs: jobsBefore.length,
    fullCalls: callsBefore,
    fullMs: Math.round(fullMs),
    rerunJobs: rerun.length,
    editCalls: editCalls.length,
    unchangedSceneCalls: unchangedSceneCalls.length,
    rebuildMs: Math.round(rebuildMs),
    rebuildRatio: Number((rebuildMs / fullMs).toFixed(3)),
  }),
);
