// Put and get throughput of @cinema/storage-s3 against a real S3-compatible server (s3rver, on a
// free port of 127.0.0.1, its files in a temporary folder), beside core's localFolderAssetStore on
// the same disk, in one run: a 50 MB clip (a multipart upload on S3: 8 MiB parts, four at a time)
// and 200 PNG-sized files of 100 KiB (one PutObject each, one after another, as a run puts a
// job's outputs), then a list of those 200 (one ListObjectsV2 on S3: keys and sizes). Each figure is
// the median of `rounds` rounds; every get is checked against its sha256 by the store itself.
// MB is 10^6 bytes. Usage: node bench/storage-s3.mjs [rounds]   (after `npm run build`).
// Last line: one JSON object.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';

const { s3AssetStore } = await import(new URL('../packages/storage-s3/dist/index.js', import.meta.url).href);
const { localFolderAssetStore } = await import(new URL('../packages/core/dist/index.js', import.meta.url).href);

const rounds = Number(process.argv[2] ?? 3);
const clipBytes = 50 * 1000 * 1000;
const smallFiles = 200;
const smallBytes = 100 * 1024;
const bucket = 'cinema-bench';

const scratch = await mkdtemp(join(tmpdir(), 'cinema-bench-storage-'));
const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: join(scratch, 's3rver'), configureBuckets: [{ name: bucket }] });
const { port } = await server.run();

try {
  const sources = join(scratch, 'sources');
  await mkdir(sources);
  const clip = await sourceFile(join(sources, 'scene_1.mp4'), clipBytes, 'video/mp4');
  const pictures = [];
  for (let index = 0; index < smallFiles; index++) pictures.push(await sourceFile(join(sources, `shot_${index}.png`), smallBytes, 'image/png'));

  const stores = {
    s3rver: (round) => s3AssetStore({ bucket, prefix: `round-${round}`, endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } }),
    localFolder: (round) => localFolderAssetStore(join(scratch, 'local', `round-${round}`)),
  };
  const results = {};
  for (const [name, open] of Object.entries(stores)) {
    const samples = [];
    for (let round = 0; round < rounds; round++) samples.push(await measure(open(round), join(scratch, 'got', name, `round-${round}`), clip, pictures));
    results[name] = median(samples);
  }

  const rows = [
    ['clip put', 'clipPutMBps', 'MB/s'],
    ['clip get', 'clipGetMBps', 'MB/s'],
    ['200 files put', 'smallPutMBps', 'MB/s'],
    ['200 files put', 'smallPutFilesPerSecond', 'files/s'],
    ['200 files get', 'smallGetMBps', 'MB/s'],
    ['200 files get', 'smallGetFilesPerSecond', 'files/s'],
    ['list of 200', 'list200Ms', 'ms'],
  ];
  console.log(`storage-s3: ${rounds} rounds, medians; clip ${clipBytes / 1e6} MB, ${smallFiles} files of ${smallBytes / 1024} KiB`);
  console.log(`${'figure'.padEnd(16)}${'s3rver'.padStart(12)}${'local folder'.padStart(14)}${'s3rver/local'.padStart(14)}  unit`);
  for (const [label, field, unit] of rows) {
    const s3 = results.s3rver[field];
    const local = results.localFolder[field];
    console.log(`${label.padEnd(16)}${s3.toFixed(1).padStart(12)}${local.toFixed(1).padStart(14)}${(s3 / local).toFixed(2).padStart(14)}  ${unit}`);
  }
  console.log(JSON.stringify({ rounds, clipBytes, smallFiles, smallBytes, ...results }));
} finally {
  await server.close();
  await rm(scratch, { recursive: true, force: true });
}

async function sourceFile(path, bytes, mediaType) {
  const content = randomBytes(bytes);
  await writeFile(path, content);
  return { path, sha256: createHash('sha256').update(content).digest('hex'), bytes, mediaType };
}

async function timed(work) {
  const started = performance.now();
  await work();
  return (performance.now() - started) / 1000;
}

async function measure(store, destination, clip, pictures) {
  const smallTotal = pictures.length * smallBytes;
  const clipPut = await timed(() => store.put('m1/videos/scene_1.mp4', clip));
  const clipGet = await timed(() => store.get('m1/videos/scene_1.mp4', join(destination, 'scene_1.mp4')));
  const smallPut = await timed(async () => {
    for (const [index, picture] of pictures.entries()) await store.put(`m1/keyframes/shot_${index}.png`, picture);
  });
  const smallGet = await timed(async () => {
    for (let index = 0; index < pictures.length; index++) await store.get(`m1/keyframes/shot_${index}.png`, join(destination, `shot_${index}.png`));
  });
  let listed = [];
  const list = await timed(async () => {
    listed = await store.list('m1/keyframes/');
  });
  if (listed.length !== pictures.length) throw new Error(`${store.description}: listed ${listed.length} files, put ${pictures.length}`);
  await store.close();
  return {
    clipPutMBps: clip.bytes / 1e6 / clipPut,
    clipGetMBps: clip.bytes / 1e6 / clipGet,
    smallPutMBps: smallTotal / 1e6 / smallPut,
    smallPutFilesPerSecond: pictures.length / smallPut,
    smallGetMBps: smallTotal / 1e6 / smallGet,
    smallGetFilesPerSecond: pictures.length / smallGet,
    list200Ms: list * 1000,
  };
}

function median(samples) {
  const result = {};
  for (const field of Object.keys(samples[0])) {
    const sorted = samples.map((sample) => sample[field]).sort((a, b) => a - b);
    result[field] = Number(sorted[Math.floor(sorted.length / 2)].toFixed(2));
  }
  return result;
}
