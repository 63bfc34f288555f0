// Export and re-cut speed: a feature-length edit of 1000 shots (4 s each, one line each, every third a
// crossfade, every fifth a fade to black, a music bed), laid out by `filmTimeline` and written in each
// format by `@cinema/export` (no ffprobe: the files' lengths are given), then the OTIO read back by
// `readOtioCut`. Prints the median of ROUNDS runs of each, and the file sizes; the last line is one
// JSON object.
// Run: npx turbo run build --filter=@cinema/export && node bench/export.mjs  [ROUNDS=5] [SHOTS=1000]
import { performance } from 'node:perf_hooks';
import { cutOfRequest, layOutExport, readOtioCut, writeEdl, writeFcpxml, writeMlt, writeOtio } from '@cinema/export';
import { filmTimeline } from '@cinema/postprod-ffmpeg';

const rounds = Number(process.env.ROUNDS ?? 5);
const count = Number(process.env.SHOTS ?? 1000);
const seconds = new Map([['/movie/work/card-title.mp4', 3], ['/movie/work/card-end.mp4', 2], ['/music/bed.wav', 90]]);
const shots = Array.from({ length: count }, (_, index) => {
  const sceneId = `scene_${Math.floor(index / 4) + 1}`;
  const shotId = `shot_${(index % 4) + 1}`;
  const videoPath = `/movie/videos/${sceneId}_${shotId}.mp4`;
  const audioPath = `/movie/audio/${sceneId}_line_${(index % 4) + 1}.wav`;
  seconds.set(videoPath, 4);
  seconds.set(audioPath, 1.8);
  return {
    sceneId,
    shotId,
    videoPath,
    durationSeconds: 4,
    transition: index % 5 === 4 ? 'fade_to_black' : index % 3 === 2 ? 'crossfade' : 'cut',
    dialogue: [{ audioPath, text: `Line ${index + 1}.`, speaker: 'Ada', line: { sceneId, lineNumber: (index % 4) + 1 }, offsetSeconds: 0.3 }],
  };
});
const request = {
  movieId: 'feature',
  outputPath: '/movie/output/feature_final.mp4',
  subtitlesPath: '/movie/output/feature_final.srt',
  format: { width: 1280, height: 720, fps: 24 },
  shots,
  titleCard: { title: 'Feature', durationSeconds: 3 },
  endCard: { title: 'The End', durationSeconds: 2 },
  music: { path: '/music/bed.wav', volume: 0.2 },
  burnSubtitles: false,
  workDir: '/movie/work',
};
const cards = new Map([['title', '/movie/work/card-title.mp4'], ['end', '/movie/work/card-end.mp4']]);

function median(run) {
  const times = [];
  let result;
  for (let round = 0; round < rounds; round += 1) {
    const start = performance.now();
    result = run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { ms: Math.round(times[Math.floor(times.length / 2)] * 10) / 10, result };
}

const layout = median(() => layOutExport(request, filmTimeline(request), { cards, seconds }));
const timeline = layout.result;
const figures = { shots: count, minutes: Math.round(timeline.totalFrames / 24 / 6) / 10, layoutMs: layout.ms };
console.log(`${count} shots, ${figures.minutes} min: layout ${layout.ms} ms`);
for (const [name, write] of Object.entries({ otio: writeOtio, fcpxml: writeFcpxml, mlt: writeMlt, edl: writeEdl })) {
  const written = median(() => write(timeline));
  figures[`${name}Ms`] = written.ms;
  figures[`${name}KiB`] = Math.round(Buffer.byteLength(written.result) / 1024);
  console.log(`${name.padEnd(7)} ${String(written.ms).padStart(8)} ms  ${String(figures[`${name}KiB`]).padStart(6)} KiB`);
}
const otio = writeOtio(timeline);
const clipSeconds = new Map(shots.map((shot) => [shot.videoPath, 4]));
const read = median(() => readOtioCut(otio, { file: '/movie/output/feature.otio', request, clipSeconds }));
figures.readOtioCutMs = read.ms;
figures.roundTripUnchanged = read.result.unchanged && read.result.cut.shots.length === cutOfRequest(request).shots.length;
console.log(`readOtioCut ${read.ms} ms, unchanged: ${figures.roundTripUnchanged}`);
console.log(JSON.stringify(figures));
