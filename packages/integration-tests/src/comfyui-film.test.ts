import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, MovieMaker, createDefaultPipeline, type CinemaConfig, type CinemaEvent, type Job } from '@cinema/core';
import { createFfmpegPostProduction } from '@cinema/postprod-ffmpeg';
import { animatic } from '@cinema/provider-animatic';
import { createComfyUI, exampleWorkflows, type ComfyUIProviderSettings } from '@cinema/provider-comfyui';
import { createComfyUIEmulator, type ComfyUIEmulator, type ComfyUIEmulatorOptions, type EmulatedPrompt } from '@cinema/provider-comfyui/testing';
import { createSqliteJobStore } from '@cinema/tracker-sqlite';
import { describe, expect, it } from 'vitest';
import { eventsOf, jobsIn, outcomeOf, probeFilm, runFilmProcess } from './film-process.js';
import { scratchSpace } from './scratch.js';
import { unusedPort } from './unused-port.js';

const fixture = fileURLToPath(new URL('./fixtures/comfyui-movie.mjs', import.meta.url));
const script = readFileSync(new URL('./fixtures/lamp-keepers.fountain', import.meta.url), 'utf8');
const movieId = 'lamp-keepers';
const workflows = { flux: exampleWorkflows.fluxTextToImage, kontext: exampleWorkflows.fluxKontextReference, 'wan-flf': exampleWorkflows.wanFirstLastFrame };

const { tempDir, cleanups } = scratchSpace('cinema-comfyui-');

async function startComfyUI(options: ComfyUIEmulatorOptions = {}): Promise<ComfyUIEmulator> {
  // A few polls per prompt, so clips are still queued when a run is killed.
  const emulator = await createComfyUIEmulator({ queuedPolls: 3, runningPolls: 2, ...options });
  cleanups.push(() => emulator.close());
  return emulator;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const keyOf = (prompt: EmulatedPrompt) => (prompt.extraData.cinema as { idempotencyKey: string }).idempotencyKey;
const workflowOf = (prompt: EmulatedPrompt) => (prompt.extraData.cinema as { workflow: string }).workflow;
const comfyStages = new Set(['characters', 'keyframes', 'videos']);

/** The same film as the fixture, made in this process (for the tests that need no kill). */
function inProcessMaker(settings: Omit<ComfyUIProviderSettings, 'workflows'>, chosen: ComfyUIProviderSettings['workflows'] = workflows): MovieMaker {
  const comfy = createComfyUI({ pollIntervalMs: 10, ...settings, workflows: chosen });
  const config: CinemaConfig = {
    models: { writer: animatic.textModel(), characters: comfy.imageModel('flux'), keyframes: comfy.imageModel('kontext'), video: comfy.videoModel('wan-flf'), speech: animatic.speechModel() },
    postProduction: createFfmpegPostProduction(),
    output: { width: 320, height: 180 },
  };
  const maker = new MovieMaker({
    pipeline: createDefaultPipeline(config),
    store: ({ baseDir }) => createSqliteJobStore({ path: join(baseDir, 'cinema.db') }),
    settings: config.output,
    orchestrator: { limits: { comfyui: { concurrency: 3 } }, retry: { initialDelayMs: 20, maxDelayMs: 100 }, idlePollMs: 50, operationPollMs: { initial: 20, max: 100 } },
  });
  cleanups.push(() => maker.close());
  return maker;
}

describe('a film from ComfyUI workflows through the emulator', () => {
  it('comfyui: survives a SIGKILL between ComfyUI accepting a clip and the store recording it, and one while a clip is queued; one POST /prompt per job, references uploaded byte for byte', async () => {
    const emulator = await startComfyUI();
    const baseDir = tempDir();
    const firedLog = join(baseDir, 'fired.jsonl');
    const env = { COMFYUI_URL: emulator.url, CINEMA_FIRED_LOG: firedLog };
    const fired = () => readFileSync(firedLog, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { boundary: string; key: string; pid: number });

    // 1. Killed after ComfyUI accepted the first clip's prompt and before the store saved its id.
    const first = await runFilmProcess(fixture, { command: 'generate', baseDir, movieId }, { ...env, CINEMA_KILL_AT: 'after-submit:videos:1' });
    expect(first.signal, first.stderr).toBe('SIGKILL');
    const lostKey = fired()[0]!.key;
    const lost = (await jobsIn(baseDir, movieId)).find((job) => job.key === lostKey)!;
    expect(lost.operation).toBeNull();
    expect(lost.submitKey).not.toBeNull();
    const unrecorded = emulator.prompts().filter((prompt) => keyOf(prompt) === lost.submitKey);
    expect(unrecorded.map((prompt) => [workflowOf(prompt), prompt.state])).toEqual([['wan-flf', 'pending']]);

    // 2. Resumed: doFind takes up the unrecorded prompt; killed again once the next clip is queued.
    const second = await runFilmProcess(fixture, { command: 'resume', baseDir, movieId }, { ...env, CINEMA_KILL_AT: 'submitted:videos:1' });
    expect(second.signal, second.stderr).toBe('SIGKILL');
    expect(eventsOf(second)).toContainEqual(expect.objectContaining({ type: 'job:found', key: lostKey }));
    const queuedKey = fired()[1]!.key;
    const atKill = await jobsIn(baseDir, movieId);
    // The found prompt is the job's now (it may have finished since); the next clip waits in ComfyUI's queue.
    expect(atKill.find((job) => job.key === lostKey)!.operation).toEqual({ workflow: 'wan-flf', promptId: unrecorded[0]!.promptId });
    const inFlight = atKill.filter((job) => job.stage === 'videos' && job.operation !== null && job.status !== 'completed');
    expect(inFlight.map((job) => job.key)).toContain(queuedKey);
    const queuedPrompt = emulator.prompts().find((prompt) => prompt.promptId === (atKill.find((job) => job.key === queuedKey)!.operation as { promptId: string }).promptId);
    expect(queuedPrompt!.state).toBe('pending');

    // 3. Resumed to the end: the queued clips are polled again by their prompt ids.
    const final = await runFilmProcess(fixture, { command: 'resume', baseDir, movieId }, env);
    expect(final.code, final.stderr).toBe(0);
    const outcome = outcomeOf(final);
    expect(outcome).toMatchObject({ status: 'completed', finalVideo: join(baseDir, movieId, 'output', `${movieId}_final.mp4`) });
    const media = await probeFilm(outcome.finalVideo!);
    expect(media.streams.find((stream) => stream.codec_type === 'video')).toMatchObject({ codec_name: 'h264', width: 320, height: 180 });
    expect(Number(media.format.duration)).toBeGreaterThan(0);
    for (const job of inFlight) expect(eventsOf(final)).toContainEqual(expect.objectContaining({ type: 'job:reattached', key: job.key }));

    const jobs = await jobsIn(baseDir, movieId);
    const movieDir = join(baseDir, movieId);
    for (const job of jobs) {
      expect(job.status, `${job.key}: ${JSON.stringify(job.errors)}`).toBe('completed');
      for (const output of job.outputs) expect(sha256(readFileSync(join(movieDir, output.path))), output.path).toBe(output.sha256);
    }

    // One accepted POST /prompt per job, none refused, every one the job's own.
    const comfyJobs = jobs.filter((job) => comfyStages.has(job.stage));
    expect(comfyJobs.filter((job) => job.stage === 'videos').length).toBe(3);
    expect(emulator.requests.filter((request) => request.route === 'prompt').map((request) => request.status)).toEqual(comfyJobs.map(() => 200));
    expect(emulator.prompts()).toHaveLength(comfyJobs.length);
    const promptOf = (job: Job): EmulatedPrompt => {
      const matching = emulator.prompts().filter((prompt) => keyOf(prompt) === job.submitKey);
      expect(matching, job.key).toHaveLength(1);
      expect((job.operation as { promptId: string }).promptId, job.key).toBe(matching[0]!.promptId);
      return matching[0]!;
    };
    for (const job of comfyJobs) promptOf(job);

    // Every picture ComfyUI was given is the file a job before it wrote: sheets for keyframes, keyframes for clips.
    const fileOf = (key: string) => jobs.find((job) => job.key === key)!.outputs[0]!.sha256;
    const uploadedAs = (name: unknown) => emulator.uploads().find((upload) => upload.name === name)?.sha256;
    const keyframes = jobs.filter((job) => job.stage === 'keyframes');
    const withReferences = keyframes.filter((job) => (job.input as { references: unknown[] }).references.length > 0);
    expect(withReferences.length).toBeGreaterThan(0);
    for (const job of withReferences) {
      const references = (job.input as { references: { key: string }[] }).references.map((reference) => fileOf(reference.key));
      const prompt = promptOf(job);
      expect(workflowOf(prompt), job.key).toBe('kontext');
      const sent = [prompt.prompt['142']!.inputs.image, prompt.prompt['143']!.inputs.image].map(uploadedAs);
      expect(sent, job.key).toEqual([references[0], references[1] ?? references[0]]);
    }
    for (const job of keyframes.filter((candidate) => !withReferences.includes(candidate))) expect(workflowOf(promptOf(job)), job.key).toBe('flux');
    for (const job of jobs.filter((candidate) => candidate.stage === 'videos')) {
      const input = job.input as { mode: string; firstFrame: string; lastFrame: string };
      expect(input.mode, job.key).toBe('first-last-frame');
      const prompt = promptOf(job);
      expect(uploadedAs(prompt.prompt['52']!.inputs.image), `${job.key} first frame`).toBe(fileOf(input.firstFrame));
      expect(uploadedAs(prompt.prompt['72']!.inputs.image), `${job.key} last frame`).toBe(fileOf(input.lastFrame));
    }
  });

  it('comfyui: when the server restarted and lost queued clips, those jobs queue them again and their errors say why', async () => {
    const emulator = await startComfyUI();
    const maker = inProcessMaker(emulator.providerSettings);
    let restarted = false;
    const onEvent = (event: CinemaEvent) => {
      if (!restarted && event.type === 'job:submitted' && event.stage === 'videos') {
        restarted = true;
        emulator.restart();
      }
    };
    const baseDir = tempDir();
    const result = await maker.generate(script, { baseDir, movieId, onEvent });
    expect(result.status).toBe('completed');
    const jobs = await (await maker.store(baseDir)).listJobs(movieId);
    expect(jobs.every((job) => job.status === 'completed')).toBe(true);
    const resubmitted = jobs.filter((job) => job.errors.length > 0);
    expect(resubmitted.map((job) => job.stage)).toContain('videos');
    for (const job of resubmitted) {
      expect(job.errors.map((error) => error.category), job.key).toEqual(['not_found']);
      expect(job.errors[0]!.message, job.key).toMatch(/no longer knows prompt .* it is in neither its queue nor its history, so the server restarted .*the job submits it again/);
      // The lost prompt and the one queued again, each under the job's key of the time.
      const prompts = emulator.prompts().filter((prompt) => prompt.prompt['6']?.inputs.text === (job.input as { prompt: string }).prompt);
      expect(prompts.map((prompt) => prompt.state), job.key).toEqual(['gone', 'done']);
    }
    for (const job of jobs.filter((candidate) => comfyStages.has(candidate.stage) && candidate.errors.length === 0)) {
      expect(emulator.prompts().filter((prompt) => keyOf(prompt) === job.submitKey), job.key).toHaveLength(1);
    }
  });
});


describe('a ComfyUI film that cannot run fails before any job starts', () => {
  async function refusal(maker: MovieMaker, emulator?: ComfyUIEmulator): Promise<ConfigError> {
    const baseDir = tempDir();
    const events: CinemaEvent[] = [];
    const error = await maker.generate(script, { baseDir, movieId, onEvent: (event) => events.push(event) }).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(ConfigError.isInstance(error), String(error)).toBe(true);
    // Nothing started: no event, no movie in the store, no prompt sent.
    expect(events).toEqual([]);
    expect(await jobsIn(baseDir, movieId)).toEqual([]);
    if (emulator) expect(emulator.requests.filter((request) => request.route === 'prompt' || request.route === 'upload')).toEqual([]);
    return error as ConfigError;
  }

  it('comfyui bad input: a workflow with a node the server lacks names the file, the node and its type', async () => {
    const emulator = await startComfyUI({ withoutNodeTypes: ['WanFirstLastFrameToVideo'] });
    const error = await refusal(inProcessMaker(emulator.providerSettings), emulator);
    expect(error.message).toContain('Stage videos, model comfyui/wan-flf');
    expect(error.message).toContain(`workflow "wan-flf" (${exampleWorkflows.wanFirstLastFrame.file})`);
    expect(error.message).toContain(`node 50 is of type WanFirstLastFrameToVideo, which ComfyUI at ${emulator.url} does not have. Install the custom node that provides it`);
  });

  it('comfyui bad input: a binding to a node id that is not in the workflow names the file, the binding and the node', async () => {
    const emulator = await startComfyUI();
    const broken = { ...exampleWorkflows.wanFirstLastFrame, bindings: { ...exampleWorkflows.wanFirstLastFrame.bindings, lastFrame: { nodeId: '99', input: 'image' } } };
    const error = await refusal(inProcessMaker(emulator.providerSettings, { ...workflows, 'wan-flf': broken }), emulator);
    expect(error.message).toContain(`workflow "wan-flf" (${exampleWorkflows.wanFirstLastFrame.file}): bindings.lastFrame names node "99", which is not in the workflow`);
  });

  it('comfyui bad input: an unreachable server names the address and the workflow it was checking', async () => {
    const port = await unusedPort();
    const error = await refusal(inProcessMaker({ baseURL: `http://127.0.0.1:${port}` }));
    expect(error.message).toContain('Stage characters, model comfyui/flux');
    expect(error.message).toContain(`workflow "flux" (${exampleWorkflows.fluxTextToImage.file}) could not be checked: ComfyUI GET /object_info: no answer from http://127.0.0.1:${port} (ECONNREFUSED)`);
  });
});
