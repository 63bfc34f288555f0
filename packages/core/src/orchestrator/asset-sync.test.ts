import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMovieMaker } from '../config/create-movie-maker.js';
import { MemoryJobStore } from '../job-store/memory-job-store.js';
import { localFolderAssetStore } from '../storage/local-folder-asset-store.js';
import { createFakePostProduction } from '../testing/fake-post-production.js';
import { createFakeProvider } from '../testing/fake-provider.js';
import { sha256 } from '../util/hash.js';

const script = 'A storm over the harbour.\n\nAda fixes the radio.\n\nBo lands the plane.';

let scratch: string;
beforeEach(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'cinema-asset-sync-'));
});
afterEach(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** Two machines: each its own movie folder, one job store and one shared asset store between them. */
async function twoMachines() {
  const provider = createFakeProvider();
  const store = new MemoryJobStore();
  const storage = localFolderAssetStore(join(scratch, 'bucket'));
  const machine = async (name: string) => {
    const baseDir = join(scratch, name);
    await mkdir(baseDir, { recursive: true });
    const maker = createMovieMaker({
      store,
      storage,
      models: { writer: provider.textModel(), image: provider.imageModel(), video: provider.videoModel(), speech: provider.speechModel() },
      postProduction: createFakePostProduction(),
      retry: { initialDelayMs: 5, maxDelayMs: 20 },
    });
    return { baseDir, maker };
  };
  return { provider, store, storage, a: await machine('a'), b: await machine('b') };
}

describe('a movie made on several machines through one asset store', () => {
  it('puts every job output in the store with the checksum the job store recorded', async () => {
    const { store, storage, a } = await twoMachines();
    expect((await a.maker.generate(script, { baseDir: a.baseDir, movieId: 'harbour' })).status).toBe('completed');
    const outputs = (await store.listJobs('harbour', { status: 'completed' })).flatMap((job) => job.outputs);
    expect(outputs.length).toBeGreaterThan(10);
    for (const output of outputs) {
      expect(await storage.stat(`harbour/${output.path}`), output.path).toEqual({ key: `harbour/${output.path}`, bytes: output.bytes, sha256: output.sha256 });
    }
    expect((await storage.list('harbour/output/')).map((listed) => listed.key)).toContain('harbour/output/harbour_final.mp4');
  });

  it('edits on a machine that holds none of the files, getting them from the store, with no model called', async () => {
    const { provider, store, a, b } = await twoMachines();
    await a.maker.generate(script, { baseDir: a.baseDir, movieId: 'harbour' });
    const calls = provider.calls.length;
    await store.retry('harbour', { keys: ['edit'] }, Date.now());
    const result = await b.maker.resume('harbour', { baseDir: b.baseDir });
    expect(result.status).toBe('completed');
    expect(provider.calls.length).toBe(calls);
    // The edit's inputs came to b's folder; the clips' bytes are the ones a made.
    const clip = 'harbour/videos/scene_1.mp4';
    expect(sha256(await readFile(join(b.baseDir, clip)))).toBe(sha256(await readFile(join(a.baseDir, clip))));
    expect((await stat(join(b.baseDir, 'harbour/output/harbour_final.mp4'))).size).toBeGreaterThan(0);
    // Character sheets are no input of the edit: b never needed them.
    await expect(readdir(join(b.baseDir, 'harbour/characters'))).rejects.toThrow(/ENOENT/);
  });

  it('refuses a stored file that is not the version its job recorded, naming the job and what to run', async () => {
    const { store, a, b } = await twoMachines();
    await a.maker.generate(script, { baseDir: a.baseDir, movieId: 'harbour' });
    await writeFile(join(scratch, 'bucket/harbour/videos/scene_2.mp4'), 'not the clip');
    await store.retry('harbour', { keys: ['edit'] }, Date.now());
    await expect(b.maker.resume('harbour', { baseDir: b.baseDir })).rejects.toThrow(/Files made by 1 finished job\(s\) are missing or changed \([^)]*scene_2[^)]*\) in file:.*bucket\. .*cinema retry harbour --job/);
  });

  it('refuses a stored file changed at the same size when a job fetches it, and leaves the folder without it', async () => {
    const { store, a, b } = await twoMachines();
    await a.maker.generate(script, { baseDir: a.baseDir, movieId: 'harbour' });
    const stored = join(scratch, 'bucket/harbour/videos/scene_2.mp4');
    const size = (await stat(stored)).size;
    await writeFile(stored, Buffer.alloc(size, 7));
    await store.retry('harbour', { keys: ['edit'] }, Date.now());
    expect((await b.maker.resume('harbour', { baseDir: b.baseDir })).status).toBe('failed');
    const [edit] = await store.listJobs('harbour', { stage: 'edit' });
    expect(edit!.errors.at(-1)!.message).toMatch(/harbour\/videos\/scene_2\.mp4 in file:.*bucket is not the version job video:scene_2:shot_1 recorded .*cinema retry harbour --job video:scene_2:shot_1` to make it again\.$/);
    expect(await readdir(join(b.baseDir, 'harbour/videos'))).not.toContain('scene_2.mp4');
    expect((await readdir(join(b.baseDir, 'harbour/videos'))).filter((name) => name.endsWith('.fetching'))).toEqual([]);
  });
});
