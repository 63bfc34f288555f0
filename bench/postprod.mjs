// Post-production overhead: a 10-shot edit through `createFfmpegPostProduction().render` against
// running ffmpeg directly with the very same commands (`prepareEditPlan` + `stepArgs`), as many at once
// as the editor runs (`os.availableParallelism()`), each once the steps it needs (`after`) are done,
// and the soundtrack joined from the chunks (`joinSoundtrack`) before the final step. Both start from
// an empty work dir and both time the planning (which measures the lines' loudness with ffmpeg), so
// every part (which normalises its clips) is rendered and every line measured in both. One untimed warm-up run of each comes
// first. Prints each round, the medians and their ratio (target: ours / direct <= 1.10).
// Then the ffmpeg CPU of the same edit run directly with the parts' threads as the editor shares them
// out (cores / processes at once) and with each part threading over every core (Linux only).
// Then peak memory: a 10-shot and a 100-shot edit (1 s shots, one line each) rendered by a child node
// process, the RSS of its whole process tree (node + ffmpeg) sampled from /proc every 25 ms (Linux
// only; skipped elsewhere). It must stay flat as the film grows (target: 100 / 10 shots <= 1.25).
// The last line is one JSON object.
// Run: (cd packages/postprod-ffmpeg && npx tsup) && node bench/postprod.mjs  [ROUNDS=3] [FFMPEG_PATH=...] [MEMORY=0]
import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rename, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createFfmpegPostProduction, findFfmpeg, joinSoundtrack, prepareEditPlan, stepArgs } from '@cinema/postprod-ffmpeg';
import { treeRssKb } from './_process-memory.mjs';

// Child mode: render one edit (JSON in argv) and exit; the parent samples this process tree's memory.
if (process.argv[2] === '--render-child') {
  const { binaries, request } = JSON.parse(process.argv[3]);
  await createFfmpegPostProduction(binaries).render(request, {});
  process.exit(0);
}

const rounds = Number(process.env.ROUNDS ?? 3);
const installation = await findFfmpeg();
const root = await mkdtemp(path.join(tmpdir(), 'bench-postprod-'));
const run = promisify(execFile);
const make = (...args) => run(installation.ffmpegPath, ['-v', 'error', '-y', ...args]);

const sources = ['testsrc', 'testsrc2', 'smptebars', 'rgbtestsrc', 'pal100bars'];
const transitions = ['crossfade', 'fade_to_black', 'cut'];
const shots = [];
for (let index = 0; index < 10; index += 1) {
  const video = path.join(root, `clip-${index}.mp4`);
  const line = path.join(root, `line-${index}.wav`);
  await make('-f', 'lavfi', '-i', `${sources[index % sources.length]}=size=480x270:rate=24:duration=2.5`, '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', video);
  await make('-f', 'lavfi', '-i', `sine=frequency=${300 + 40 * index}:duration=1.2`, line);
  shots.push({
    sceneId: `scene_${Math.floor(index / 3) + 1}`,
    shotId: `shot_${(index % 3) + 1}`,
    videoPath: video,
    durationSeconds: 2 + (index % 3) * 0.5,
    transition: transitions[index % 3],
    dialogue: [{ audioPath: line, speaker: 'Ada', offsetSeconds: 0.4, text: `Line ${index + 1}: "quoted", 100% [ok]` }],
  });
}
const music = path.join(root, 'music.m4a');
await make('-f', 'lavfi', '-i', 'sine=frequency=180:duration=4', '-c:a', 'aac', music);

const request = (name) => ({
  movieId: 'bench',
  outputPath: path.join(root, name, 'bench_final.mp4'),
  subtitlesPath: path.join(root, name, 'bench_final.srt'),
  format: { width: 640, height: 360, fps: 24 },
  shots,
  titleCard: { title: 'Benchmark', subtitle: 'ten shots', durationSeconds: 1.5 },
  endCard: { title: 'The End', durationSeconds: 1 },
  music: { path: music, volume: 0.2 },
  burnSubtitles: true,
  workDir: path.join(root, name, 'work'),
});

const editor = createFfmpegPostProduction({ ffmpegPath: installation.ffmpegPath, ffprobePath: installation.ffprobePath });

async function ours(name) {
  const started = performance.now();
  const result = await editor.render(request(name), {});
  return { ms: performance.now() - started, duration: result.durationSeconds };
}

/** Runs one step's ffmpeg command and renames what it wrote into place. */
async function runDirectly(step) {
  await new Promise((resolve, reject) => {
    const child = spawn(installation.ffmpegPath, stepArgs(step, installation), { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg ${step.name} exited ${code}: ${stderr}`))));
  });
  await rename(step.output, step.target);
  for (const extra of step.extraOutputs ?? []) await rename(extra.output, extra.target);
}

async function direct(name, planOptions = {}) {
  const started = performance.now();
  const plan = await prepareEditPlan(request(name), { installation, ...planOptions });
  // The same schedule as the editor's: a step starts once the steps it needs are done, a few at once.
  const done = new Map();
  const waiting = [];
  let running = 0;
  const slot = async () => {
    if (running >= availableParallelism()) await new Promise((resolve) => waiting.push(resolve));
    else running += 1;
  };
  const release = () => (waiting.length > 0 ? waiting.shift()() : (running -= 1));
  for (const step of plan.steps) {
    const needs = (step.after ?? []).map((target) => done.get(target)).filter(Boolean);
    const task = Promise.all(needs).then(async () => {
      await slot();
      try {
        if (step.kind === 'final') await joinSoundtrack(plan.soundtrack);
        await runDirectly(step);
      } finally {
        release();
      }
    });
    done.set(step.target, task);
  }
  await Promise.all(done.values());
  await rm(plan.scratchDir, { recursive: true, force: true });
  return { ms: performance.now() - started, duration: plan.timeline.durationSeconds };
}

// One untimed run of each first: the first render in a process also looks ffmpeg up and lets
// fluent-ffmpeg read the build's formats and encoders, both cached afterwards.
await ours('warmup-ours');
await direct('warmup-direct');

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const oursMs = [];
const directMs = [];
let filmSeconds = 0;
for (let round = 0; round < rounds; round += 1) {
  // Alternate which goes first so neither always gets the warmer caches.
  const order = round % 2 === 0 ? ['ours', 'direct'] : ['direct', 'ours'];
  for (const which of order) {
    const result = which === 'ours' ? await ours(`ours-${round}`) : await direct(`direct-${round}`);
    (which === 'ours' ? oursMs : directMs).push(result.ms);
    filmSeconds = result.duration;
    console.log(`round ${round + 1} ${which.padEnd(6)} ${(result.ms / 1000).toFixed(2)} s`);
  }
}

// The parts' threads: the editor's default (the cores shared out between the ffmpeg processes run at
// once, so one each on a 2-core machine) against every part's ffmpeg threading over all the cores, the
// same steps run directly, alternating. CPU is what the finished ffmpeg processes used (Linux: the
// children's time in /proc/self/stat), so the machine's other work does not count.
const childCpuMs = () => {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return (Number(fields[13]) + Number(fields[14])) * (1000 / 100);
};
const threadCpu = { shared: [], everyCore: [] };
if (existsSync('/proc/self/stat')) {
  for (let round = 0; round < rounds; round += 1) {
    const order = round % 2 === 0 ? ['shared', 'everyCore'] : ['everyCore', 'shared'];
    for (const which of order) {
      const before = childCpuMs();
      await direct(`threads-${which}-${round}`, which === 'shared' ? {} : { threads: availableParallelism() });
      threadCpu[which].push(childCpuMs() - before);
    }
  }
  console.log(
    `ffmpeg CPU of the edit: ${(median(threadCpu.shared) / 1000).toFixed(2)} s with the cores shared out between the processes, ` +
      `${(median(threadCpu.everyCore) / 1000).toFixed(2)} s with each threading over all ${availableParallelism()} (medians of ${rounds})`,
  );
}

/** Renders an edit of `count` 1 s shots in a child node process; returns its tree's peak RSS in MB. */
async function peakMemory(count) {
  const memoryShots = Array.from({ length: count }, (_, index) => ({
    ...shots[index % shots.length],
    sceneId: `scene_${index + 1}`,
    shotId: 'shot_1',
    durationSeconds: 1,
    transition: transitions[index % 3],
  }));
  const edit = { ...request(`memory-${count}`), shots: memoryShots };
  const binaries = { ffmpegPath: installation.ffmpegPath, ffprobePath: installation.ffprobePath };
  const script = new URL(import.meta.url).pathname;
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [script, '--render-child', JSON.stringify({ binaries, request: edit })], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let peak = 0;
    child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
    const sampler = setInterval(() => (peak = Math.max(peak, treeRssKb(child.pid))), 25);
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(sampler);
      if (code !== 0) reject(new Error(`render of ${count} shots exited ${code}: ${stderr}`));
      else resolve({ peakMb: peak / 1024, seconds: (performance.now() - started) / 1000 });
    });
  });
}

// The render's own overhead is mostly the ffprobe of the film it checks (clips are not probed unless a
// part fails): how long one ffprobe process takes to start with this build explains most of the ratio.
const probeStarts = [];
for (let index = 0; index < 5; index += 1) {
  const started = performance.now();
  await run(installation.ffprobePath, ['-v', 'error', '-version']);
  probeStarts.push(performance.now() - started);
}
const ffprobeStartMs = median(probeStarts);
console.log(`ffprobe start-up: ${ffprobeStartMs.toFixed(0)} ms (median of 5, ${installation.ffprobePath})`);

const memory = {};
if (process.env.MEMORY !== '0' && existsSync('/proc/self/status')) {
  for (const count of [10, 100]) {
    memory[count] = await peakMemory(count);
    console.log(`peak memory, ${count}-shot edit (640x360, 1 s shots): ${memory[count].peakMb.toFixed(0)} MB (process tree, ${memory[count].seconds.toFixed(1)} s)`);
  }
}
await rm(root, { recursive: true, force: true });

const summary = {
  ffmpeg: installation.version,
  source: installation.source,
  xfade: installation.hasFilter('xfade'),
  shots: shots.length,
  filmSeconds: Number(filmSeconds.toFixed(3)),
  rounds,
  oursMedianMs: Math.round(median(oursMs)),
  directMedianMs: Math.round(median(directMs)),
  ratio: Number((median(oursMs) / median(directMs)).toFixed(3)),
  target: 1.1,
  ffprobeStartMs: Math.round(ffprobeStartMs),
  ...(threadCpu.shared.length === 0
    ? {}
    : {
        ffmpegCpuMsThreadsShared: Math.round(median(threadCpu.shared)),
        ffmpegCpuMsThreadsEveryCore: Math.round(median(threadCpu.everyCore)),
      }),
  ...(memory[10] == null
    ? {}
    : {
        peakMb10Shots: Math.round(memory[10].peakMb),
        peakMb100Shots: Math.round(memory[100].peakMb),
        peakGrowth100vs10: Number((memory[100].peakMb / memory[10].peakMb).toFixed(2)),
        peakGrowthTarget: 1.25,
      }),
};
console.log(`ffmpeg ${summary.ffmpeg} (${summary.source}, xfade ${summary.xfade}): ${summary.shots} shots, ${summary.filmSeconds} s film`);
console.log(`render ${(summary.oursMedianMs / 1000).toFixed(2)} s, ffmpeg directly ${(summary.directMedianMs / 1000).toFixed(2)} s, ratio ${summary.ratio} (target <= 1.10)`);
if (summary.peakGrowth100vs10 != null) {
  console.log(`peak memory 100 / 10 shots: ${summary.peakGrowth100vs10}x (target <= 1.25)`);
}
console.log(JSON.stringify(summary));
