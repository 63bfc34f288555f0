// Times the animatic's models on this machine. Run after `npx tsup` in packages/provider-animatic:
//   node packages/provider-animatic/bench/animatic.mjs
// Prints one line per figure; the last line is a JSON summary (milliseconds, medians).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAnimatic } from '@cinema/provider-animatic';

const here = new URL('.', import.meta.url);
const cacheRoot = await mkdtemp(join(tmpdir(), 'animatic-bench-'));
const animatic = createAnimatic({ cacheDir: cacheRoot });
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
async function time(runs, work) {
  const times = [];
  for (let index = 0; index < runs; index++) {
    const start = performance.now();
    await work(index);
    times.push(performance.now() - start);
  }
  return Math.round(median(times) * 10) / 10;
}

const script = await readFile(new URL('../../../examples/scripts/the-lighthouse.fountain', here), 'utf8');
const writer = animatic.textModel();
const screenplayMs = await time(10, () => writer.doGenerate({ schemaName: 'screenplay', prompt: script, jsonSchema: {}, idempotencyKey: 'bench' }));
console.log(`screenplay from the-lighthouse.fountain: ${screenplayMs} ms`);

const characters = [
  { id: 'char_1', name: 'Mara', traits: ['young keeper', 'yellow raincoat'] },
  { id: 'char_2', name: 'Tomas', traits: ['grey-bearded'] },
];
const artist = animatic.imageModel();
const context = { purpose: 'keyframe', sceneId: 'scene_1', shotId: 'shot_1', frame: 'first_frame', characters, location: 'Rocky Coast', timeOfDay: 'DUSK', camera: 'slow push-in', caption: 'Mara hauls a crate of lamp oil up the path while Tomas waits at the door of the lighthouse.' };
let still;
const keyframeMs = await time(10, async (index) => {
  const result = await artist.doGenerate({ prompt: 'x', referenceImages: [], aspectRatio: '16:9', idempotencyKey: 'bench', context: { ...context, shotId: `shot_${index}` } });
  still = result.images[0].data;
});
console.log(`keyframe PNG 1280x720: ${keyframeMs} ms`);
const sheetMs = await time(10, () => artist.doGenerate({ prompt: 'x', referenceImages: [], aspectRatio: '1:1', idempotencyKey: 'bench', context: { purpose: 'character', view: 'full_body', characters: [characters[0]] } }));
console.log(`character sheet 720x720: ${sheetMs} ms`);

const camera = animatic.videoModel();
const clipMs = await time(3, async (index) => {
  const model = createAnimatic({ cacheDir: join(cacheRoot, `clip-${index}`) }).videoModel();
  const { operation } = await model.doStart({ mode: 'image-to-video', prompt: 'x', durationSeconds: 4, aspectRatio: '16:9', referenceImages: [], idempotencyKey: 'bench', firstFrame: { path: join(cacheRoot, 'still.png'), mediaType: 'image/png', data: still }, context: { ...context, purpose: 'video' } });
  const status = await model.doStatus({ operation });
  if (status.status !== 'completed') throw new Error(JSON.stringify(status));
});
console.log(`4 s clip (image-to-video, 1280x720, 24 fps), start + status: ${clipMs} ms`);
void camera;

const voice = animatic.speechModel();
const speechMs = await time(5, () => voice.doGenerate({ text: 'You are late. The ships are already out.', voice: 'en-us+m3 pitch=38 speed=150', idempotencyKey: 'bench' }));
console.log(`speech line (8 words): ${speechMs} ms`);

await rm(cacheRoot, { recursive: true, force: true });
console.log(JSON.stringify({ screenplayMs, keyframeMs, sheetMs, clipMs, speechMs }));
