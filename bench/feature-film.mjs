// A feature-length film on one machine, with the offline defaults (animatic pictures and voices,
// SQLite, the ffmpeg editor) at 320x180. The bench writes its own screenplay: `--scenes N` scenes
// (default 200), each with 4 or 5 shots (about 900 in all) and 4 lines of dialogue (800), as Fountain.
// It makes the film in a child process, then changes one line of dialogue in the middle scene and
// updates the film, and prints side by side: generation time, edit time, edit / generation (aim
// <= 0.5), peak memory of the process tree (node + ffmpeg + eSpeak), peak size of the edit's work
// folder / film size (aim <= 3), the work folder left after the render (the edit's part cache), and
// the edit time after the one-line change / the full edit (aim < 0.05). The last line is one JSON
// object. It takes many minutes at 200 scenes; it is not run by `npm test`.
// Run (with the packages built): node bench/feature-film.mjs [--scenes 40]
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { treeRssKb } from './_process-memory.mjs';

const movieId = 'feature';

// Child mode: make (or update) the film and print the run's events as JSON lines on stdout.
if (process.argv[2] === '--child') {
  const [, , , mode, baseDir, scriptPath] = process.argv;
  const { readFileSync } = await import('node:fs');
  const { createMovieMaker } = await import('@cinema/core');
  const { animatic } = await import('@cinema/provider-animatic');
  const { createFfmpegPostProduction } = await import('@cinema/postprod-ffmpeg');
  const { createSqliteJobStore } = await import('@cinema/tracker-sqlite');
  const maker = createMovieMaker(
    {
      models: { writer: animatic.textModel(), image: animatic.imageModel(), video: animatic.videoModel(), speech: animatic.speechModel() },
      postProduction: createFfmpegPostProduction(),
      output: { width: 320, height: 180 },
    },
    { defaultStore: async ({ baseDir: dir }) => createSqliteJobStore({ path: join(dir, 'cinema.db') }) },
  );
  const script = readFileSync(scriptPath, 'utf8');
  const onEvent = (event) => {
    if (event.type === 'job:progress' && event.key !== 'edit') return;
    process.stdout.write(`${JSON.stringify(event)}\n`);
  };
  const result =
    mode === 'generate'
      ? await maker.generate(script, { baseDir, movieId, onEvent })
      : await maker.update(movieId, script, { baseDir, onEvent });
  await maker.close();
  if (result.status !== 'completed') {
    process.stderr.write(`the film ended ${result.status}\n`);
    process.exit(1);
  }
  process.exit(0);
}

const scenesArgument = process.argv.indexOf('--scenes');
const scenes = scenesArgument === -1 ? 200 : Number(process.argv[scenesArgument + 1]);
if (!(Number.isInteger(scenes) && scenes > 0)) throw new Error(`--scenes takes a positive whole number (got ${process.argv[scenesArgument + 1]})`);

const places = ['HARBOUR OFFICE', 'LIGHTHOUSE GALLERY', 'MARKET SQUARE', 'TRAIN PLATFORM', 'KITCHEN', 'ROOFTOP', 'LIBRARY', 'FERRY DECK'];
const times = ['DAWN', 'MORNING', 'NOON', 'AFTERNOON', 'DUSK', 'NIGHT'];
const cast = [
  ['ADA', 'a harbour clerk in a red coat'],
  ['BO', 'a ferry pilot with a grey beard'],
  ['CY', 'a young engineer wearing goggles'],
  ['DEV', 'a lighthouse keeper in a yellow raincoat'],
];
const verbs = ['checks', 'lifts', 'studies', 'folds', 'counts', 'carries', 'opens', 'turns'];
const things = ['the ledger', 'a lantern', 'the tide chart', 'a brass key', 'the signal flags', 'a tin of tea', 'the radio', 'a map of the coast'];

/** Line `index` (0-based, over the film) of scene `scene`: eleven words, changed or not, so a changed line keeps its shot's length. */
function line(scene, index, changed = false) {
  return changed
    ? `Scene ${scene} line ${index + 1}: the storm is here, come inside now.`
    : `Scene ${scene} line ${index + 1}: the boats come back before the storm.`;
}

/** The screenplay: a title page, then `scenes` scenes of 4 or 5 action shots and 4 lines each. */
function screenplay(changedScene) {
  const parts = ['Title: The Long Tide', 'Credit: written by bench/feature-film.mjs', ''];
  let lineIndex = 0;
  for (let scene = 1; scene <= scenes; scene += 1) {
    parts.push(`${scene % 3 === 0 ? 'EXT.' : 'INT.'} ${places[scene % places.length]} - ${times[scene % times.length]}`, '');
    const shots = scene % 2 === 0 ? 4 : 5;
    const speakers = [cast[scene % cast.length], cast[(scene + 1) % cast.length]];
    for (let shot = 0; shot < shots; shot += 1) {
      const [name, description] = speakers[shot % 2];
      const who = scene === 1 && shot < 2 ? `${name}, ${description},` : name.charAt(0) + name.slice(1).toLowerCase();
      parts.push(`${who} ${verbs[(scene + shot) % verbs.length]} ${things[(scene * 3 + shot) % things.length]} and looks out at the water for a long moment.`, '');
      if (shot < 4) {
        parts.push(name, line(scene, lineIndex, scene === changedScene && shot === 0), '');
        lineIndex += 1;
      }
    }
    if (scene % 10 === 0) parts.push('DISSOLVE TO:', '');
    else if (scene % 7 === 0) parts.push('FADE TO BLACK.', '');
  }
  return parts.join('\n');
}

const work = mkdtempSync(join(tmpdir(), 'cinema-bench-feature-'));
const baseDir = join(work, 'movies');
mkdirSync(baseDir);
const scriptPath = join(work, 'feature.fountain');
// A fresh TMPDIR gives the animatic an empty clip cache: every clip is drawn, as on a new machine.
const animaticTmp = mkdtempSync(join(work, 'tmp-'));
const movieDir = join(baseDir, movieId);
const editWorkDir = join(movieDir, 'work');
const filmPath = join(movieDir, 'output', `${movieId}_final.mp4`);

/** Bytes under a folder (0 when it does not exist). */
function folderBytes(folder) {
  let total = 0;
  let entries;
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const file = join(folder, entry.name);
    try {
      total += entry.isDirectory() ? folderBytes(file) : statSync(file).size;
    } catch {
      // removed while we looked
    }
  }
  return total;
}

/**
 * Runs the child, reading its events: the run's wall time, when the edit job started and ended, the
 * peak memory of the whole process tree (every 100 ms) and the peak size of the edit's work folder
 * (every 500 ms while the edit runs).
 */
function run(mode) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--child', mode, baseDir, scriptPath], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, TMPDIR: animaticTmp },
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-8000)));
    let peakKb = 0;
    let editPeakKb = 0;
    let peakWorkBytes = 0;
    let editStarted;
    let editEnded;
    const completed = [];
    let lastProgress = '';
    const memory = setInterval(() => {
      const rss = treeRssKb(child.pid);
      peakKb = Math.max(peakKb, rss);
      if (editStarted != null && editEnded == null) editPeakKb = Math.max(editPeakKb, rss);
    }, 100);
    const disk = setInterval(() => {
      if (editStarted != null && editEnded == null) peakWorkBytes = Math.max(peakWorkBytes, folderBytes(editWorkDir));
    }, 500);
    createInterface({ input: child.stdout }).on('line', (text) => {
      let event;
      try {
        event = JSON.parse(text);
      } catch {
        return;
      }
      if (event.type === 'job:completed') completed.push(event.key);
      if (event.key !== 'edit') return;
      if (event.type === 'job:started') {
        editStarted = performance.now();
        peakWorkBytes = Math.max(peakWorkBytes, folderBytes(editWorkDir));
      }
      if (event.type === 'job:progress' && event.message !== lastProgress && process.stdout.isTTY) {
        lastProgress = event.message;
        process.stdout.write(`\r  edit ${(event.fraction * 100).toFixed(0).padStart(3)}% ${event.message ?? ''}`.padEnd(70));
      }
      if (event.type === 'job:completed') {
        editEnded = performance.now();
        if (process.stdout.isTTY) process.stdout.write('\n');
      }
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(memory);
      clearInterval(disk);
      const ended = performance.now();
      if (code !== 0 || editStarted == null || editEnded == null) {
        reject(new Error(`${mode} exited ${code}${editEnded == null ? ' before the edit finished' : ''}: ${stderr}`));
        return;
      }
      resolve({
        seconds: (ended - started) / 1000,
        generationSeconds: (editStarted - started) / 1000,
        editSeconds: (editEnded - editStarted) / 1000,
        peakMb: peakKb / 1024,
        editPeakMb: editPeakKb / 1024,
        peakWorkBytes,
        jobs: completed.length,
        completed,
      });
    });
  });
}

const middle = Math.ceil(scenes / 2);
writeFileSync(scriptPath, screenplay(undefined));
console.log(`feature-length bench: ${scenes} scenes, ${scenes * 4.5} shots, ${scenes * 4} lines of dialogue, 320x180, offline defaults`);
const full = await run('generate');
const filmBytes = statSync(filmPath).size;
const cacheBytes = folderBytes(editWorkDir);
const { probeMedia, findFfmpeg } = await import('@cinema/postprod-ffmpeg');
const film = await probeMedia(filmPath, await findFfmpeg());

writeFileSync(scriptPath, screenplay(middle));
const update = await run('update');
rmSync(work, { recursive: true, force: true });

const mb = (bytes) => bytes / 1024 / 1024;
const ratio = full.editSeconds / full.generationSeconds;
const diskRatio = full.peakWorkBytes / filmBytes;
const lineEditRatio = update.editSeconds / full.editSeconds;
const rows = [
  ['jobs', `${full.jobs}`, `${update.jobs} re-run: ${update.completed.join(', ')}`],
  ['film', `${(film.durationSeconds / 60).toFixed(1)} min, ${mb(filmBytes).toFixed(1)} MB`, ''],
  ['generation', `${full.generationSeconds.toFixed(1)} s`, `${update.generationSeconds.toFixed(1)} s`],
  ['edit', `${full.editSeconds.toFixed(1)} s`, `${update.editSeconds.toFixed(1)} s (${(lineEditRatio * 100).toFixed(1)}% of the full edit, aim < 5%)`],
  ['edit / generation', `${ratio.toFixed(2)} (aim <= 0.5)`, ''],
  ['peak memory, process tree', `${full.peakMb.toFixed(0)} MB (edit ${full.editPeakMb.toFixed(0)} MB)`, `${update.peakMb.toFixed(0)} MB`],
  ['peak work folder', `${mb(full.peakWorkBytes).toFixed(0)} MB = ${diskRatio.toFixed(2)} x film (aim <= 3)`, `${mb(update.peakWorkBytes).toFixed(0)} MB`],
  ['work folder kept (part cache)', `${mb(cacheBytes).toFixed(0)} MB`, ''],
];
console.log(`${''.padEnd(30)} ${'full film'.padEnd(44)} one line changed (scene ${middle})`);
for (const [name, before, after] of rows) console.log(`${name.padEnd(30)} ${before.padEnd(44)} ${after}`);
console.log(
  JSON.stringify({
    bench: 'feature-film',
    scenes,
    jobs: full.jobs,
    film_min: Number((film.durationSeconds / 60).toFixed(2)),
    film_mb: Number(mb(filmBytes).toFixed(1)),
    generation_s: Number(full.generationSeconds.toFixed(1)),
    edit_s: Number(full.editSeconds.toFixed(1)),
    edit_vs_generation: Number(ratio.toFixed(3)),
    peak_mb: Math.round(full.peakMb),
    edit_peak_mb: Math.round(full.editPeakMb),
    peak_work_mb: Math.round(mb(full.peakWorkBytes)),
    peak_work_vs_film: Number(diskRatio.toFixed(2)),
    work_kept_mb: Math.round(mb(cacheBytes)),
    line_edit_jobs: update.jobs,
    line_edit_s: Number(update.editSeconds.toFixed(1)),
    line_edit_vs_edit: Number(lineEditRatio.toFixed(3)),
  }),
);
