import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { MovieMaker, createDefaultPipeline, readSceneWriterPrompt, type CinemaEvent, type CinemaConfig, type Job, type ScreenplayInput } from '@cinema/core';
import { sceneDraftOf } from '@cinema/core/testing';
import { createFfmpegPostProduction, findFfmpeg } from '@cinema/postprod-ffmpeg';
import { createFal } from '@cinema/provider-fal';
import { createFalEmulator, falReplies, type FalEmulator } from '@cinema/provider-fal/testing';
import { createOpenAI } from '@cinema/provider-openai';
import { createOpenAIEmulator, solidPng, type ChatRequestInfo, type OpenAIEmulator } from '@cinema/provider-openai/testing';
import { createReplicate } from '@cinema/provider-replicate';
import { createReplicateEmulator, type ReplicateEmulator } from '@cinema/provider-replicate/testing';
import { createSqliteJobStore } from '@cinema/tracker-sqlite';
import { describe, expect, it } from 'vitest';
import { scratchSpace } from './scratch.js';

const fixture = fileURLToPath(new URL('./fixtures/hosted-movie.mjs', import.meta.url));

/** The emulated writer: the film's overview, or the scene of the screenplay below that the prompt's scene heading names. */
function writerResponder(request: ChatRequestInfo) {
  if (request.schemaName === 'screenplay-overview') return { object: { title: screenplay.title, logline: screenplay.logline, visualStyle: screenplay.visualStyle } };
  return { object: sceneDraftOf(screenplay as never, readSceneWriterPrompt(request.prompt).text) };
}
const movieId = 'lamp-keepers';
const keys = {
  openai: 'sk-test-SECRET-openai-123',
  fal: 'fal-test-SECRET-key-456',
  replicate: 'r8_test-SECRET-replicate-789',
};
const secretValues = Object.values(keys);

const characterModel = 'fal-ai/flux/dev';
const kontextModels = ['fal-ai/flux-pro/kontext', 'fal-ai/flux-pro/kontext/multi'];
const videoModel = 'kwaivgi/kling-v2.1';

/** What the OpenAI emulator answers the writer with: 3 scenes, 2 characters, 4 shots, 4 lines. */
const screenplay: ScreenplayInput = {
  version: 1,
  title: 'The Lamp Keepers',
  logline: 'An old keeper trusts her nephew with the light for one night.',
  visualStyle: 'overcast, 35mm film, muted colours',
  characters: [
    { id: 'char_1', name: 'Mara', description: 'a lighthouse keeper in her sixties', visualTraits: ['grey braid', 'yellow oilskin coat'], voice: 'alloy' },
    { id: 'char_2', name: 'Bo', description: 'her nephew, nineteen', visualTraits: ['curly black hair', 'blue knitted jumper'], voice: 'onyx' },
  ],
  scenes: [
    {
      id: 'scene_1',
      heading: 'EXT. HARBOUR - DUSK',
      location: 'HARBOUR',
      timeOfDay: 'DUSK',
      characters: ['char_1', 'char_2'],
      shots: [
        {
          id: 'shot_1',
          description: 'Mara hands Bo a brass lamp on the pier.',
          camera: 'medium two-shot',
          durationSeconds: 2,
          dialogue: [{ speaker: 'char_1', text: 'Keep it lit tonight.' }],
        },
        {
          id: 'shot_2',
          description: 'Bo looks across the water at the dark lighthouse.',
          camera: 'close-up',
          durationSeconds: 2,
          characters: ['char_2'],
          dialogue: [{ speaker: 'char_2', text: 'Alone?' }],
        },
      ],
    },
    {
      id: 'scene_2',
      heading: 'INT. LIGHTHOUSE STAIRS - NIGHT',
      location: 'LIGHTHOUSE STAIRS',
      timeOfDay: 'NIGHT',
      characters: ['char_2'],
      shots: [{ id: 'shot_1', description: 'Bo climbs the spiral stairs, the lamp swinging.', camera: 'low angle, slow tilt up', durationSeconds: 2 }],
    },
    {
      id: 'scene_3',
      heading: 'EXT. LIGHTHOUSE GALLERY - NIGHT',
      location: 'LIGHTHOUSE GALLERY',
      timeOfDay: 'NIGHT',
      characters: ['char_1', 'char_2'],
      shots: [
        {
          id: 'shot_1',
          description: 'The beam sweeps the sea while Mara watches from the harbour.',
          camera: 'wide shot',
          durationSeconds: 2,
          dialogue: [
            { speaker: 'char_1', text: 'There it is.' },
            { speaker: 'char_2', parenthetical: 'shouting', text: 'Still burning!' },
          ],
        },
      ],
    },
  ],
};
/** screenplay 1, characters 2 × 3 views, keyframes 4 shots × first + last, videos 4, lines 4, edit 1. */
// The screenplay stage: an overview, a writer job per scene (3) and the merge.
const expectedJobs = { screenplay: 5, characters: 6, keyframes: 8, videos: 4, audio: 4, edit: 1 };

const { tempDir, cleanups } = scratchSpace('cinema-hosted-');

const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

/**
 * fal's results live on its CDN, not on the queue host. This one serves a distinct PNG per prompt, so
 * every character sheet and keyframe has its own bytes and the test can follow each file from the
 * job that made it to the provider call it was sent with.
 */
async function startImageCdn(): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    const match = /^\/img\/([0-9a-f]{6})[0-9a-f]*\.png$/.exec(request.url ?? '');
    if (!match) {
      response.writeHead(404).end();
      return;
    }
    const hex = match[1]!;
    const png = solidPng(320, 180, [parseInt(hex.slice(0, 2), 16), parseInt(hex.slice(2, 4), 16), parseInt(hex.slice(4, 6), 16)]);
    response.writeHead(200, { 'content-type': 'image/png', 'content-length': String(png.length) }).end(png);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

interface Emulators {
  openai: OpenAIEmulator;
  fal: FalEmulator;
  replicate: ReplicateEmulator;
  /** Environment that points the fixture's providers here, with the keys. */
  env: Record<string, string>;
}

async function startEmulators(): Promise<Emulators> {
  const cdn = await startImageCdn();
  const openai = await createOpenAIEmulator({ apiKey: keys.openai, chatResponder: writerResponder });
  const fal = await createFalEmulator({ apiKey: keys.fal, statuses: ['IN_PROGRESS', 'COMPLETED'] });
  const replicate = await createReplicateEmulator({ token: keys.replicate });
  cleanups.push(
    () => new Promise<void>((resolve) => cdn.server.close(() => resolve())),
    () => openai.close(),
    () => fal.close(),
    () => replicate.close(),
  );
  const imageOutput = (input: Record<string, unknown>) => ({
    images: [{ url: `${cdn.url}/img/${sha256(String(input.prompt)).slice(0, 12)}.png`, width: 320, height: 180, content_type: 'image/png' }],
    seed: 42,
    has_nsfw_concepts: [false],
    prompt: input.prompt,
  });
  for (const endpoint of [characterModel, ...kontextModels]) fal.configure(endpoint, { output: imageOutput });
  // A few polls per clip, so the submitted clips are still rendering when the run is killed.
  replicate.behave(videoModel, { pendingStatuses: ['starting', 'processing', 'processing', 'processing'], predictTime: 40 });
  return {
    openai,
    fal,
    replicate,
    env: {
      OPENAI_API_KEY: keys.openai,
      FAL_KEY: keys.fal,
      REPLICATE_API_TOKEN: keys.replicate,
      CINEMA_OPENAI_URL: openai.url,
      CINEMA_FAL_QUEUE_URL: fal.providerSettings.baseURL,
      CINEMA_FAL_REST_URL: fal.providerSettings.restURL,
      CINEMA_REPLICATE_URL: replicate.baseURL,
    },
  };
}

interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  pid: number;
}

/** The fixture in a fresh node process. The environment is the test's, minus any real provider keys, plus `env`. */
function runChild(command: 'generate' | 'resume', baseDir: string, env: Record<string, string | undefined>): Promise<ChildResult> {
  const base = { ...process.env };
  for (const name of ['OPENAI_API_KEY', 'OPENAI_BASE_URL', 'FAL_KEY', 'FAL_KEY_ID', 'FAL_KEY_SECRET', 'REPLICATE_API_TOKEN']) delete base[name];
  const childEnv = { ...base, ...env };
  for (const [name, value] of Object.entries(childEnv)) if (value === undefined) delete childEnv[name];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fixture, command, baseDir, movieId], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr, pid: child.pid! }));
  });
}

function outcomeOf(run: ChildResult): { status?: string; finalVideo?: string | null; error?: { name?: string; category?: string; message: string } } {
  return JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}');
}

function eventsOf(run: ChildResult): CinemaEvent[] {
  return run.stdout
    .split('\n')
    .filter((line) => line.startsWith('{"event"'))
    .map((line) => (JSON.parse(line) as { event: CinemaEvent }).event);
}

async function jobsIn(baseDir: string): Promise<Job[]> {
  const store = await createSqliteJobStore({ path: join(baseDir, 'cinema.db') });
  try {
    return (await store.getMovie(movieId)) ? await store.listJobs(movieId) : [];
  } finally {
    await store.close();
  }
}

function filesUnder(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    return entry.isDirectory() ? filesUnder(path) : entry.isFile() ? [path] : [];
  });
}

function expectNoSecrets(where: string, text: string | Uint8Array) {
  const bytes = typeof text === 'string' ? Buffer.from(text) : Buffer.from(text);
  for (const secret of secretValues) expect(bytes.includes(secret), `${secret} in ${where}`).toBe(false);
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

async function probe(file: string) {
  const { ffprobePath } = await findFfmpeg();
  const { stdout } = await promisify(execFile)(ffprobePath, ['-v', 'error', '-show_entries', 'stream=codec_type,codec_name,width,height:format=duration', '-of', 'json', file]);
  return JSON.parse(stdout) as { streams: { codec_type: string; codec_name: string; width?: number; height?: number }[]; format: { duration: string } };
}

describe('hosted film through the OpenAI, fal and Replicate emulators', () => {
  it('hosted: makes the film, survives a SIGKILL after video submissions, and pays for every piece of work once', async () => {
    const emulators = await startEmulators();
    const { openai, fal, replicate } = emulators;
    const baseDir = tempDir();
    const firedLog = join(baseDir, 'fired.jsonl');

    // 1. Killed right after the second clip was submitted to Replicate and recorded.
    const first = await runChild('generate', baseDir, { ...emulators.env, CINEMA_KILL_AT: 'submitted:videos:2', CINEMA_FIRED_LOG: firedLog });
    expect(first.signal, first.stderr).toBe('SIGKILL');
    const fired = readFileSync(firedLog, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { boundary: string; key: string; pid: number });
    expect(fired).toEqual([expect.objectContaining({ boundary: 'submitted', pid: first.pid, key: expect.stringMatching(/^video:/) })]);

    const atKill = await jobsIn(baseDir);
    const replicateRequestsAtKill = replicate.requests.length;
    const inFlightVideos = atKill.filter((job) => job.stage === 'videos' && job.operation !== null && job.status !== 'completed');
    expect(inFlightVideos.map((job) => job.key)).toContain(fired[0]!.key);
    for (const job of inFlightVideos) {
      expect(job.status, job.key).toBe('waiting');
      expect(replicate.prediction((job.operation as { predictionId: string }).predictionId), job.key).toBeDefined();
    }
    expect(atKill.some((job) => job.status === 'completed' && job.stage === 'keyframes')).toBe(true);

    // 2. Resumed in a new process, to the end.
    const final = await runChild('resume', baseDir, emulators.env);
    expect(final.code, final.stderr).toBe(0);
    expect(final.stderr).toBe('');
    const outcome = outcomeOf(final);
    expect(outcome).toMatchObject({ status: 'completed', finalVideo: join(baseDir, movieId, 'output', `${movieId}_final.mp4`) });

    // The film: H.264 + AAC at the configured size, with a positive length.
    const media = await probe(outcome.finalVideo!);
    const video = media.streams.find((stream) => stream.codec_type === 'video');
    expect(video).toMatchObject({ codec_name: 'h264', width: 320, height: 180 });
    expect(media.streams.find((stream) => stream.codec_type === 'audio')).toMatchObject({ codec_name: 'aac' });
    expect(Number(media.format.duration)).toBeGreaterThan(0);

    // Every job completed, with its files on disk as recorded.
    const jobs = await jobsIn(baseDir);
    const byStage = countBy(jobs, (job) => job.stage);
    expect(Object.fromEntries(byStage)).toEqual(expectedJobs);
    const movieDir = join(baseDir, movieId);
    for (const job of jobs) {
      expect(job.status, `${job.key}: ${JSON.stringify(job.errors)}`).toBe('completed');
      for (const output of job.outputs) expect(sha256(readFileSync(join(movieDir, output.path))), output.path).toBe(output.sha256);
    }
    const jobByKey = new Map(jobs.map((job) => [job.key, job]));
    const fileOf = (key: string) => jobByKey.get(key)!.outputs[0]!.sha256;

    // Clips submitted before the kill were re-attached and polled by the new process, not created again.
    const resumeEvents = eventsOf(final);
    for (const job of inFlightVideos) {
      const predictionId = (job.operation as { predictionId: string }).predictionId;
      const prompt = (job.input as { prompt: string }).prompt;
      expect(replicate.predictions.filter((prediction) => prediction.input.prompt === prompt).map((prediction) => prediction.id), job.key).toEqual([predictionId]);
      expect(replicate.requests.slice(replicateRequestsAtKill).some((request) => request.method === 'GET' && request.path === `/v1/predictions/${predictionId}`), job.key).toBe(true);
      expect(resumeEvents).toContainEqual(expect.objectContaining({ type: 'job:reattached', key: job.key }));
    }

    // Once per piece of work at every provider.
    const jobsOf = (stage: string) => jobs.filter((job) => job.stage === stage);
    const promptOf = (job: Job) => (job.input as { prompt: string }).prompt;
    // The overview and one call per scene, each once.
    expect(openai.requests.filter((request) => request.path === '/v1/chat/completions')).toHaveLength(4);
    const speechCalls = countBy(openai.requests.filter((request) => request.path === '/v1/audio/speech'), (request) => String((request.body as { input: string }).input));
    expect(Object.fromEntries(speechCalls)).toEqual(Object.fromEntries(jobsOf('audio').map((job) => [(job.input as { text: string }).text, 1])));
    expect(Object.fromEntries(countBy(fal.submittedInputs(characterModel), (input) => String(input.prompt)))).toEqual(
      Object.fromEntries(jobsOf('characters').map((job) => [promptOf(job), 1])),
    );
    const keyframeSubmissions = kontextModels.flatMap((endpoint) => fal.submittedInputs(endpoint));
    expect(Object.fromEntries(countBy(keyframeSubmissions, (input) => String(input.prompt)))).toEqual(
      Object.fromEntries(jobsOf('keyframes').map((job) => [promptOf(job), 1])),
    );
    const falSubmissions = Object.values(fal.submissionCounts()).reduce((sum, count) => sum + count, 0);
    expect(falSubmissions).toBe(expectedJobs.characters + expectedJobs.keyframes);
    expect(replicate.predictionsCreated()).toBe(expectedJobs.videos);
    expect(Object.fromEntries(countBy(replicate.predictions, (prediction) => String(prediction.input.prompt)))).toEqual(
      Object.fromEntries(jobsOf('videos').map((job) => [promptOf(job), 1])),
    );

    // Character sheets reached every keyframe call, as files uploaded to fal storage.
    const uploads = fal.uploads();
    for (const job of jobsOf('keyframes')) {
      const references = (job.input as { references: { key: string }[] }).references.map((reference) => reference.key);
      expect(references.length, job.key).toBeGreaterThanOrEqual(1);
      const sent = keyframeSubmissions.find((input) => input.prompt === promptOf(job))!;
      const urls = (Array.isArray(sent.image_urls) ? sent.image_urls : [sent.image_url]) as string[];
      expect(urls, job.key).toHaveLength(references.length);
      const uploaded = urls.map((url) => uploads.find((upload) => upload.fileUrl === url)?.sha256);
      expect(uploaded, job.key).toEqual(references.map(fileOf));
    }

    // Start and end frames went to Replicate's /files and into each prediction's input.
    for (const job of jobsOf('videos')) {
      const input = job.input as { mode: string; firstFrame: string; lastFrame: string };
      expect(input.mode, job.key).toBe('first-last-frame');
      const [prediction] = replicate.predictions.filter((candidate) => candidate.input.prompt === promptOf(job));
      expect(prediction!.model).toBe(videoModel);
      expect(prediction!.input).toMatchObject({ mode: 'pro', start_image: expect.stringMatching(/\/v1\/files\//), end_image: expect.stringMatching(/\/v1\/files\//) });
      expect(replicate.upload(String(prediction!.input.start_image))?.bytes, job.key).toBeDefined();
      expect(sha256(replicate.upload(String(prediction!.input.start_image))!.bytes), `${job.key} start`).toBe(fileOf(input.firstFrame));
      expect(sha256(replicate.upload(String(prediction!.input.end_image))!.bytes), `${job.key} end`).toBe(fileOf(input.lastFrame));
    }

    // The keys were sent (every call authorised) and kept out of everything Cinema wrote or printed.
    expect(openai.requests.every((request) => request.authorized)).toBe(true);
    expect(fal.requests.filter((request) => request.route !== 'file' && request.route !== 'upload').every((request) => request.authorization === 'present' && request.responseStatus !== 401)).toBe(true);
    expect(replicate.requests.filter((request) => request.path.startsWith('/v1/')).every((request) => request.authorization === 'valid')).toBe(true);
    expect(replicate.requests.some((request) => request.containsToken)).toBe(false);
    const written = filesUnder(baseDir);
    expect(written).toContain(join(baseDir, 'cinema.db'));
    expect(written.some((file) => file.endsWith('.srt'))).toBe(true);
    for (const file of written) expectNoSecrets(file, readFileSync(file));
    for (const [name, run] of [['first', first], ['resume', final]] as const) {
      expectNoSecrets(`${name} stdout`, run.stdout);
      expectNoSecrets(`${name} stderr`, run.stderr);
    }
    for (const job of jobs) expectNoSecrets(`${job.key} errors`, JSON.stringify(job.errors));
  });

  it('hosted bad input: no FAL_KEY fails before any job starts, naming FAL_KEY', async () => {
    const emulators = await startEmulators();
    const baseDir = tempDir();
    const run = await runChild('generate', baseDir, { ...emulators.env, FAL_KEY: undefined });
    expect(run.code, run.stderr).toBe(1);
    const { error } = outcomeOf(run);
    expect(error).toMatchObject({ category: 'config' });
    expect(error!.message).toContain('FAL_KEY');
    expect(error!.message).toMatch(/Stage characters, model fal\/fal-ai\/flux\/dev/);
    expect(run.stderr).toContain('FAL_KEY');
    // Nothing started: no run, no movie in the store, not one request to any provider.
    expect(eventsOf(run)).toEqual([]);
    expect(await jobsIn(baseDir)).toEqual([]);
    expect(emulators.openai.requests).toEqual([]);
    expect(emulators.fal.requests).toEqual([]);
    expect(emulators.replicate.requests).toEqual([]);
    expectNoSecrets('stdout', run.stdout);
    expectNoSecrets('stderr', run.stderr);
  });

  it('hosted bad input: malformed fal responses fail or re-poll that image, quoted where fal allows, never with the key', async () => {
    const { fal, openai, env } = await startEmulators();
    // Two submit answers go wrong, each carrying the key as a misbehaving gateway might echo it:
    // a 200 whose JSON is cut off, then a 502 whose body is not JSON at all.
    const truncatedJson = `{"request_id": "req-broken", "detail": "key ${keys.fal} accepted", "status_url": "http://127.0.0.1/queue/`;
    const gatewayPage = `<html><body>upstream timed out (key=${keys.fal})</body></html>`;
    fal.enqueue(
      { route: 'submit', endpointId: characterModel },
      { status: 200, headers: { 'content-type': 'application/json' }, text: truncatedJson },
      { status: 502, headers: { 'content-type': 'text/html' }, text: gatewayPage },
    );
    // And one result answer is malformed JSON.
    fal.enqueue({ route: 'result', endpointId: characterModel }, falReplies.malformedJson());

    const falProvider = createFal({ apiKey: keys.fal, baseURL: env.CINEMA_FAL_QUEUE_URL, restURL: env.CINEMA_FAL_REST_URL, pollIntervalMs: 50 });
    const openaiProvider = createOpenAI({ apiKey: keys.openai, baseURL: env.CINEMA_OPENAI_URL });
    const replicateProvider = createReplicate({ apiToken: keys.replicate, baseURL: env.CINEMA_REPLICATE_URL });
    const config: CinemaConfig = {
      models: {
        writer: openaiProvider.textModel('gpt-4.1-mini'),
        characters: falProvider.imageModel(characterModel),
        keyframes: falProvider.imageModel('fal-ai/flux-pro/kontext'),
        video: replicateProvider.videoModel(videoModel),
        speech: openaiProvider.speechModel('gpt-4o-mini-tts'),
      },
      postProduction: createFfmpegPostProduction(),
      output: { width: 320, height: 180 },
    };
    // The screenplay and the character sheets are enough to see one image go wrong.
    const pipeline = createDefaultPipeline(config).without('keyframes').without('videos').without('audio').without('edit');
    const maker = new MovieMaker({
      pipeline,
      store: ({ baseDir }) => createSqliteJobStore({ path: join(baseDir, 'cinema.db') }),
      settings: config.output,
      orchestrator: { retry: { initialDelayMs: 20, maxDelayMs: 100 }, idlePollMs: 50, operationPollMs: { initial: 20, max: 100 } },
    });
    cleanups.push(() => maker.close());
    const events: CinemaEvent[] = [];
    const baseDir = tempDir();
    const result = await maker.generate('EXT. HARBOUR - DUSK\nMARA: Keep it lit.', { baseDir, movieId, onEvent: (event) => events.push(event) });
    expect(result.status).toBe('completed');

    const jobs = await (await maker.store(baseDir)).listJobs(movieId);
    // An overview, one scene's writer, the screenplay, and 6 character sheets.
    expect(jobs.map((job) => job.status)).toEqual(Array(9).fill('completed'));
    // Each broken submit answer failed one attempt of its job, which was recorded and retried.
    const failed = jobs.filter((job) => job.errors.length > 0);
    expect(failed.map((job) => job.errors.length)).toEqual([1, 1]);
    const errors = failed.map((job) => ({ key: job.key, ...job.errors[0]! }));
    const truncated = errors.find((error) => error.message.includes('malformed JSON'));
    const gateway = errors.find((error) => error.message.includes('HTTP 502'));
    expect(truncated).toMatchObject({ attempt: 1, category: 'invalid_response', isRetryable: true });
    // The 2xx case quotes the start of the broken body.
    expect(truncated!.message).toContain(`fal submit for ${characterModel} answered HTTP 200 with malformed JSON: ${JSON.stringify(truncatedJson.slice(0, 200).split(keys.fal).join("[redacted]"))}`);
    expect(gateway).toMatchObject({ attempt: 1, isRetryable: true });
    // The non-2xx body is quoted, with the key replaced.
    expect(gateway!.message).toContain(`fal submit for ${characterModel} failed with HTTP 502: <html><body>upstream timed out (key=[redacted])</body></html>`);
    for (const error of errors) {
      expect(events).toContainEqual(expect.objectContaining({ type: 'job:retrying', key: error.key, error: { message: error.message, category: error.category } }));
    }
    // The broken result answer was polled again: the work was not submitted a second time.
    expect(fal.requests.filter((request) => request.route === 'result' && request.endpointId === characterModel)).toHaveLength(7);
    expect([...countBy(fal.submittedInputs(characterModel), (input) => String(input.prompt)).values()]).toEqual(Array(6).fill(1));
    expect(fal.requests.filter((request) => request.route === 'submit')).toHaveLength(8);
    // The overview and the one scene's writer.
    expect(openai.requests).toHaveLength(2);
    for (const job of jobs) expectNoSecrets(`${job.key} errors`, JSON.stringify(job.errors));
    expectNoSecrets('events', JSON.stringify(events));
    for (const file of filesUnder(baseDir)) expectNoSecrets(file, readFileSync(file));
  });
});
