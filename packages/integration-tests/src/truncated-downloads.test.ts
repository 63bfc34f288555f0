import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MovieMaker, createDefaultPipeline, type CinemaConfig, type Job, type JobStoreV1, type ScreenplayInput } from '@cinema/core';
import { createFakePostProduction, createFakeProvider } from '@cinema/core/testing';
import { createFal } from '@cinema/provider-fal';
import { createFalEmulator, type FalEmulator } from '@cinema/provider-fal/testing';
import { createReplicate } from '@cinema/provider-replicate';
import { createReplicateEmulator, type ReplicateEmulator } from '@cinema/provider-replicate/testing';
import { createSqliteJobStore } from '@cinema/tracker-sqlite';
import { afterEach, describe, expect, it } from 'vitest';

/** One scene, one character, two shots, one line: a sheet, keyframes, two clips, one line of speech. */
const screenplay: ScreenplayInput = {
  version: 1,
  title: 'One Night',
  logline: '',
  visualStyle: 'overcast',
  characters: [{ id: 'char_1', name: 'Mara', description: 'a keeper', visualTraits: ['yellow coat'], voice: 'Rachel' }],
  scenes: [
    {
      id: 'scene_1',
      heading: 'EXT. PIER - DUSK',
      location: 'PIER',
      timeOfDay: 'DUSK',
      characters: ['char_1'],
      shots: [
        { id: 'shot_1', description: 'Mara lights the lamp.', camera: 'medium', durationSeconds: 2, dialogue: [{ speaker: 'char_1', text: 'Keep it lit.' }] },
        { id: 'shot_2', description: 'The beam sweeps the sea.', camera: 'wide', durationSeconds: 2 },
      ],
    },
  ],
};

const sheetModel = 'fal-ai/flux/dev';
const keyframeModel = 'fal-ai/flux-pro/kontext';
const falVideoModel = 'fal-ai/kling-video/v2.1/pro/image-to-video';
const speechModel = 'fal-ai/elevenlabs/tts/multilingual-v2';
const replicateVideoModel = 'kwaivgi/kling-v2.1';

let dir: string | undefined;
let store: JobStoreV1 | undefined;
const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await store?.close();
  for (const server of servers.splice(0)) await server.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function makeFilm(models: (fal: ReturnType<typeof createFal>) => Partial<NonNullable<CinemaConfig['models']>>, fal: FalEmulator) {
  dir = mkdtempSync(join(tmpdir(), 'cinema-truncated-'));
  store = await createSqliteJobStore({ path: join(dir, 'cinema.db') });
  const writer = createFakeProvider({ screenplay: () => screenplay }).textModel();
  const falProvider = createFal({ apiKey: 'fal-test-key', ...fal.providerSettings, pollIntervalMs: 10 });
  const pipeline = createDefaultPipeline({
    models: { writer, characters: falProvider.imageModel(sheetModel), keyframes: falProvider.imageModel(keyframeModel), speech: falProvider.speechModel(speechModel), ...models(falProvider) },
    postProduction: createFakePostProduction(),
  });
  const maker = new MovieMaker({ pipeline, store, orchestrator: { retry: { initialDelayMs: 10, maxDelayMs: 50 }, operationPollMs: { initial: 10, max: 50 } } });
  const result = await maker.generate('EXT. PIER - DUSK\n\nMara lights the lamp.', { baseDir: dir, movieId: 'one-night' });
  return { result, jobs: await store.listJobs('one-night') };
}

/** The job was made once: one error, from the broken download, that says the paid work is fetched again. */
function expectFetchedAgain(job: Job | undefined) {
  expect(job).toMatchObject({ status: 'completed', attempts: 2 });
  expect(job!.errors).toHaveLength(1);
  expect(job!.errors[0]!.message).toMatch(/truncated|broke off/);
  expect(job!.errors[0]!.message).toContain('the next attempt fetches it again instead of submitting it');
}

describe('a result whose download broke off is fetched again, never submitted again', () => {
  it('fal: a character sheet, a clip and a line of speech each end with one submission and a completed job', async () => {
    const fal = await createFalEmulator();
    servers.push(fal);
    // The first download of each kind of result announces its full length and breaks off after 40 bytes.
    for (const endpointId of [sheetModel, falVideoModel, speechModel]) fal.enqueue({ route: 'file', endpointId }, { truncateAt: 40 });
    const { result, jobs } = await makeFilm((provider) => ({ video: provider.videoModel(falVideoModel) }), fal);

    expect(result.status).toBe('completed');
    expect(fal.requests.filter((request) => request.route === 'file' && request.responseStatus === 200).length).toBeGreaterThan(0);
    const submitted = fal.submissionCounts();
    const jobsOf = (stage: string) => jobs.filter((job) => job.stage === stage).length;
    expect(submitted[sheetModel]).toBe(jobsOf('characters'));
    expect(submitted[falVideoModel]).toBe(jobsOf('videos'));
    expect(submitted[speechModel]).toBe(jobsOf('audio'));
    // Kontext sends one reference to `kontext` and several to `kontext/multi`.
    expect((submitted[keyframeModel] ?? 0) + (submitted[`${keyframeModel}/multi`] ?? 0)).toBe(jobsOf('keyframes'));
    for (const stage of ['characters', 'videos', 'audio']) {
      const broken = jobs.filter((job) => job.stage === stage && job.errors.length > 0);
      expect(broken, stage).toHaveLength(1);
      expectFetchedAgain(broken[0]);
    }
    expect(jobs.every((job) => job.status === 'completed')).toBe(true);
  });

  it('Replicate: a clip whose output download broke off is fetched again from the same prediction', async () => {
    const fal = await createFalEmulator();
    const replicate = await createReplicateEmulator();
    servers.push(fal, replicate);
    replicate.behave(replicateVideoModel, { pendingStatuses: ['starting', 'processing'] });
    replicate.script({ method: 'GET', path: /^\/delivery\//, model: replicateVideoModel }, { truncateAt: 40 });
    const replicateProvider = createReplicate({ apiToken: 'r8_test-token', baseURL: replicate.baseURL, pollIntervalMs: 10 });
    const { result, jobs } = await makeFilm(() => ({ video: replicateProvider.videoModel(replicateVideoModel) }), fal);

    expect(result.status).toBe('completed');
    const clips = jobs.filter((job) => job.stage === 'videos');
    expect(replicate.predictionsCreated(replicateVideoModel)).toBe(clips.length);
    expectFetchedAgain(clips.find((job) => job.errors.length > 0));
  });
});
