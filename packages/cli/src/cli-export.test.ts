import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readEditRecord } from '@cinema/core';
import { findFfmpeg, type FfmpegInstallation } from '@cinema/postprod-ffmpeg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cinema, examplesDir, jobsOf } from './test-helpers.js';

/** The DTD Apple publishes for FCPXML 1.10, as CommandPost ships it (see the fixture's README). */
const fcpxmlDtd = fileURLToPath(new URL('../../export/src/__fixtures__/FCPXMLv1_10.dtd', import.meta.url));

// Every model call the animatic makes is a line in this file: the proof that a re-cut pays nothing.
const countingConfig = `import { appendFileSync } from 'node:fs';
import { animatic } from '@cinema/provider-animatic';
const counted = (model, method, name) => {
  const call = model[method].bind(model);
  model[method] = (...args) => {
    appendFileSync(process.env.CINEMA_CALLS_FILE, name + '\\n');
    return call(...args);
  };
  return model;
};
export default {
  output: { width: 320, height: 180, fps: 12 },
  models: {
    writer: counted(animatic.textModel(), 'doGenerate', 'text'),
    image: counted(animatic.imageModel(), 'doGenerate', 'image'),
    video: counted(animatic.videoModel(), 'doStart', 'video'),
    speech: counted(animatic.speechModel(), 'doGenerate', 'speech'),
  },
};
`;

const fps = 12;
let cwd: string;
let movieDir: string;
let callsFile: string;
let installation: FfmpegInstallation;

const run = (args: string[]) => cinema(args, { cwd, env: { CINEMA_CALLS_FILE: callsFile } });
const calls = () => (existsSync(callsFile) ? readFileSync(callsFile, 'utf8').split('\n').filter(Boolean) : []);
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const film = () => join(movieDir, 'output', 'lh_final.mp4');

function probeSeconds(file: string): number {
  return Number(execFileSync(installation.ffprobePath, ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file], { encoding: 'utf8' }).trim());
}

function videoFrames(file: string): number {
  return Number(execFileSync(installation.ffprobePath, ['-v', 'error', '-count_frames', '-select_streams', 'v:0', '-show_entries', 'stream=nb_read_frames', '-of', 'csv=p=0', file], { encoding: 'utf8' }).trim());
}

/** Frame `index` of a video as a PNG, at the film's size. */
function frameOf(file: string, index: number, name: string): string {
  const out = join(cwd, `${name}.png`);
  execFileSync(installation.ffmpegPath, ['-v', 'error', '-y', '-i', file, '-vf', `select=eq(n\\,${index}),scale=320:180`, '-vsync', '0', '-frames:v', '1', out]);
  return out;
}

/** The structural similarity (SSIM, 0 to 1) of two pictures, as ffmpeg's `ssim` filter measures it. */
function similarity(a: string, b: string): number {
  const { stderr } = spawnSync(installation.ffmpegPath, ['-hide_banner', '-i', a, '-i', b, '-lavfi', 'ssim', '-f', 'null', '-'], { encoding: 'utf8' });
  return Number(/All:([0-9.]+)/.exec(stderr)?.[1] ?? Number.NaN);
}

interface OtioNode {
  OTIO_SCHEMA: string;
  name?: string;
  kind?: string;
  metadata?: { cinema?: { kind?: string; sceneId?: string; shotId?: string; lineNumber?: number } };
  source_range?: { start_time: { value: number; rate: number }; duration: { value: number; rate: number } };
  in_offset?: { value: number; rate: number };
  out_offset?: { value: number; rate: number };
  children?: OtioNode[];
  tracks?: OtioNode;
  [key: string]: unknown;
}

/** Required fields of each OTIO schema Cinema writes, from OpenTimelineIO's docs/tutorials/otio-serialized-schema-only-fields.md. */
const requiredFields: Record<string, string[]> = {
  'Timeline.1': ['global_start_time', 'metadata', 'name', 'tracks'],
  'Stack.1': ['effects', 'enabled', 'markers', 'metadata', 'name', 'source_range', 'children'],
  'Track.1': ['effects', 'enabled', 'kind', 'markers', 'metadata', 'name', 'source_range', 'children'],
  'Clip.1': ['effects', 'enabled', 'markers', 'media_reference', 'metadata', 'name', 'source_range'],
  'Gap.1': ['effects', 'enabled', 'markers', 'metadata', 'name', 'source_range'],
  'Transition.1': ['in_offset', 'metadata', 'name', 'out_offset', 'transition_type'],
  'ExternalReference.1': ['available_range', 'metadata', 'name', 'target_url'],
  'Marker.2': ['color', 'marked_range', 'metadata', 'name'],
  'RationalTime.1': ['rate', 'value'],
  'TimeRange.1': ['duration', 'start_time'],
};

function schemaProblems(node: unknown, where = '$'): string[] {
  if (Array.isArray(node)) return node.flatMap((child, index) => schemaProblems(child, `${where}[${index}]`));
  if (node === null || typeof node !== 'object') return [];
  const object = node as Record<string, unknown>;
  const problems: string[] = [];
  const schema = object.OTIO_SCHEMA as string | undefined;
  if (schema !== undefined) {
    const fields = requiredFields[schema];
    if (!fields) problems.push(`${where}: schema ${schema} is not one Cinema should write`);
    for (const field of fields ?? []) if (!(field in object)) problems.push(`${where} (${schema}) lacks ${field}`);
    if (schema === 'RationalTime.1' && !(typeof object.value === 'number' && typeof object.rate === 'number' && object.rate > 0)) problems.push(`${where}: bad RationalTime`);
    if (schema === 'Track.1' && object.kind !== 'Video' && object.kind !== 'Audio') problems.push(`${where}: track kind ${String(object.kind)}`);
  }
  for (const [key, value] of Object.entries(object)) if (key !== 'metadata') problems.push(...schemaProblems(value, `${where}.${key}`));
  return problems;
}

const seconds = (time: { value: number; rate: number }) => time.value / time.rate;
const videoTrack = (document: OtioNode) => document.tracks!.children!.find((track) => track.kind === 'Video')!;
const clipOf = (document: OtioNode, shot: string) => videoTrack(document).children!.find((child) => `${child.metadata?.cinema?.sceneId}:${child.metadata?.cinema?.shotId}` === shot)!;

/** Each shot's material start (its visible start less the transition into it) on the video track, in seconds. */
function materialStarts(document: OtioNode): Map<string, number> {
  const starts = new Map<string, number>();
  let cursor = 0;
  let handle = 0;
  for (const child of videoTrack(document).children!) {
    if (child.OTIO_SCHEMA.startsWith('Transition')) {
      handle = seconds(child.in_offset!);
      continue;
    }
    const cinema = child.metadata?.cinema;
    if (cinema?.kind === 'shot') starts.set(`${cinema.sceneId}:${cinema.shotId}`, cursor - handle);
    handle = 0;
    cursor += seconds(child.source_range!.duration);
  }
  return starts;
}

/** Frames the video track lasts: its clips end to end (transitions take no time of their own in OTIO). */
function trackFrames(document: OtioNode): number {
  return videoTrack(document)
    .children!.filter((child) => !child.OTIO_SCHEMA.startsWith('Transition'))
    .reduce((sum, child) => sum + Math.round(seconds(child.source_range!.duration) * fps), 0);
}

/**
 * An editor's re-cut: `edit` changes the video track; every line then moves with its shot as linked
 * audio does in an editor (a line of a removed shot goes with it), plus `nudge` seconds for the lines named.
 */
function recut(document: OtioNode, lineShots: Map<string, string>, edit: (children: OtioNode[]) => OtioNode[], nudge: Record<string, number> = {}): OtioNode {
  const copy = structuredClone(document);
  const before = materialStarts(copy);
  const track = videoTrack(copy);
  track.children = edit(track.children!);
  const after = materialStarts(copy);
  for (const audio of copy.tracks!.children!.filter((candidate) => candidate.kind === 'Audio')) {
    let cursor = 0;
    const placed: { start: number; clip: OtioNode }[] = [];
    for (const child of audio.children!) {
      const length = seconds(child.source_range!.duration);
      const cinema = child.metadata?.cinema;
      if (child.OTIO_SCHEMA.startsWith('Clip') && cinema?.kind === 'line') {
        const id = `${cinema.sceneId}:${cinema.lineNumber}`;
        const shot = lineShots.get(id)!;
        if (after.has(shot)) placed.push({ start: cursor - before.get(shot)! + after.get(shot)! + (nudge[id] ?? 0), clip: child });
      }
      cursor += length;
    }
    placed.sort((a, b) => a.start - b.start);
    const children: OtioNode[] = [];
    let position = 0;
    for (const { start, clip } of placed) {
      const rate = clip.source_range!.duration.rate;
      if (start > position) children.push({ ...structuredClone(audio.children!.find((child) => child.OTIO_SCHEMA.startsWith('Gap')) ?? gapNode(rate)), source_range: range(0, Math.round((start - position) * rate), rate) });
      children.push(clip);
      position = Math.max(position, start) + seconds(clip.source_range!.duration);
    }
    audio.children = children;
  }
  return copy;
}

const range = (start: number, duration: number, rate: number) => ({ OTIO_SCHEMA: 'TimeRange.1', start_time: { OTIO_SCHEMA: 'RationalTime.1', value: start, rate }, duration: { OTIO_SCHEMA: 'RationalTime.1', value: duration, rate } });
const gapNode = (rate: number): OtioNode => ({ OTIO_SCHEMA: 'Gap.1', name: '', metadata: {}, effects: [], markers: [], enabled: true, source_range: range(0, 0, rate) });

/** Trims a clip: `head` frames off its start, `tail` frames off its end (negative to lengthen). */
function trim(clip: OtioNode, head: number, tail: number): OtioNode {
  const copy = structuredClone(clip);
  const { start_time: start, duration } = copy.source_range!;
  start.value += (head * start.rate) / fps;
  duration.value -= ((head + tail) * duration.rate) / fps;
  return copy;
}

async function lineShotsOf(): Promise<Map<string, string>> {
  const request = await readEditRecord(movieDir, 'lh');
  return new Map(request.shots.flatMap((shot) => shot.dialogue.map((line) => [`${line.line!.sceneId}:${line.line!.lineNumber}`, `${shot.sceneId}:${shot.shotId}`] as const)));
}

async function exportOtio(to: string): Promise<OtioNode> {
  const exported = await run(['export', 'lh', '--format', 'otio', '--to', to]);
  expect(exported.stderr).toBe('');
  expect(exported.code).toBe(0);
  return JSON.parse(readFileSync(join(cwd, to), 'utf8')) as OtioNode;
}

beforeAll(async () => {
  installation = await findFfmpeg();
  cwd = mkdtempSync(join(tmpdir(), 'cinema-cli-export-'));
  symlinkSync(fileURLToPath(new URL('../../../node_modules', import.meta.url)), join(cwd, 'node_modules'));
  writeFileSync(join(cwd, 'cinema.config.mjs'), countingConfig);
  callsFile = join(cwd, 'calls.txt');
  movieDir = join(cwd, 'output', 'lh');
  const made = await run(['generate', join(examplesDir, 'the-lighthouse.fountain'), '--id', 'lh']);
  if (made.code !== 0) throw new Error(`the film was not made: ${made.stderr}`);
}, 120_000);
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

describe('cinema export', () => {
  it('writes an MLT timeline that melt renders into the film, frame for frame at the cuts', async () => {
    const exported = await run(['export', 'lh', '--format', 'mlt']);
    expect(exported.code).toBe(0);
    const mlt = join(movieDir, 'output', 'lh.mlt');
    expect(exported.stdout).toContain(`Wrote ${mlt}`);
    const rendered = join(cwd, 'melt.mp4');
    execFileSync('melt', [mlt, '-consumer', `avformat:${rendered}`, 'vcodec=libx264', 'acodec=aac', '-silent'], { stdio: 'ignore' });
    expect(Math.abs(probeSeconds(rendered) - probeSeconds(film()))).toBeLessThanOrEqual(1 / fps + 1e-3);
    expect(Math.abs(videoFrames(rendered) - videoFrames(film()))).toBeLessThanOrEqual(1);

    // Frames either side of every cut, and inside the crossfade and the fade to black.
    const request = await readEditRecord(movieDir, 'lh');
    const otio = await exportOtio('cuts.otio');
    const cuts: number[] = [];
    let cursor = 0;
    for (const child of videoTrack(otio).children!) {
      if (child.OTIO_SCHEMA.startsWith('Transition')) continue;
      cursor += Math.round(seconds(child.source_range!.duration) * fps);
      cuts.push(cursor);
    }
    cuts.pop();
    expect(cuts.length).toBe(request.shots.length + 1);
    const frames = cuts.flatMap((cut) => [cut - 3, cut + 2]);
    for (const index of frames) {
      const score = similarity(frameOf(rendered, index, `melt-${index}`), frameOf(film(), index, `film-${index}`));
      expect(score, `frame ${index}`).toBeGreaterThan(0.95);
    }
    // The compare tells shots apart: a frame of the next shot is not taken for this one.
    expect(similarity(frameOf(rendered, cuts[1]! - 3, 'melt-before'), frameOf(film(), cuts[1]! + 2, 'film-after'))).toBeLessThan(0.9);
  }, 120_000);

  it('writes FCPXML that validates against the FCPXML 1.10 DTD, with every shot and line', async () => {
    const exported = await run(['export', 'lh', '--format', 'fcpxml', '--relative-paths']);
    expect(exported.code).toBe(0);
    const file = join(movieDir, 'output', 'lh.fcpxml');
    execFileSync('xmllint', ['--noout', '--dtdvalid', fcpxmlDtd, file], { stdio: 'pipe' });
    const xml = readFileSync(file, 'utf8');
    expect(xml).toContain('<fcpxml version="1.10">');
    expect(xml).toContain('src="../videos/scene_1.mp4"');
    expect(xml.match(/<transition /g)?.length).toBe(2);
    const request = await readEditRecord(movieDir, 'lh');
    expect(xml.match(/lane="-1"/g)?.length).toBe(request.shots.flatMap((shot) => shot.dialogue).length);
  });

  it('writes a CMX 3600 EDL of the picture, with a warning that it has no audio', async () => {
    const exported = await run(['export', 'lh', '--format', 'edl', '--to', 'lh.edl']);
    expect(exported.code).toBe(0);
    expect(exported.stderr).toContain('An EDL carries the picture only');
    const edl = readFileSync(join(cwd, 'lh.edl'), 'utf8');
    expect(edl.split('\n').slice(0, 2)).toEqual(['TITLE: LH', 'FCM: NON-DROP FRAME']);
    expect(edl).toContain('* FROM CLIP NAME: scene_4_shot_2.mp4');
    expect(edl).toMatch(/^\d{3} {2}AX {7}V {5}D {4}006 /m);
  });

  it('refuses a movie the base folder does not hold', async () => {
    const exported = await run(['export', 'nothing', '--format', 'otio']);
    expect(exported.code).toBe(4);
  });
});

describe('cinema import-cut', () => {
  it('takes the exported OTIO back unchanged: no job runs and the film is the same file', async () => {
    const otio = await exportOtio('same.otio');
    expect(schemaProblems(otio)).toEqual([]);
    const request = await readEditRecord(movieDir, 'lh');
    expect(videoTrack(otio).children!.filter((child) => child.metadata?.cinema?.kind === 'shot').length).toBe(request.shots.length);
    expect(otio.tracks!.children!.filter((track) => track.kind === 'Audio').length).toBeGreaterThan(0);
    expect((otio.tracks!.markers as unknown[]).length).toBe(readFileSync(join(movieDir, 'output', 'lh_final.srt'), 'utf8').split('-->').length - 1);

    const before = { film: sha256(film()), jobs: await jobsOf('lh', cwd), calls: calls().length };
    const imported = await run(['import-cut', 'lh', 'same.otio']);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('is the film as it is: nothing to make');
    expect({ film: sha256(film()), jobs: await jobsOf('lh', cwd), calls: calls().length }).toEqual(before);
  });

  it('makes the film of an edited OTIO (a trim, a swap, a removed shot, a moved line) with no provider call', async () => {
    const otio = await exportOtio('edit.otio');
    const lineShots = await lineShotsOf();
    const edited = recut(
      otio,
      lineShots,
      (children) => {
        const at = (shot: string) => children.findIndex((child) => `${child.metadata?.cinema?.sceneId}:${child.metadata?.cinema?.shotId}` === shot);
        const list = [...children];
        // Trim: a second off scene_3/shot_3's head, half a second off its tail.
        list[at('scene_3:shot_3')] = trim(list[at('scene_3:shot_3')]!, 12, 6);
        // Swap two shots of one length, both between cuts.
        const first = at('scene_1:shot_1');
        const second = at('scene_4:shot_1');
        [list[first], list[second]] = [list[second]!, list[first]!];
        // Drop scene_3/shot_1 with the crossfade into it.
        const dropped = at('scene_3:shot_1');
        list.splice(dropped - 1, 2);
        return list;
      },
      // Move a line: scene_3's second line a second later.
      { 'scene_3:2': 1 },
    );
    writeFileSync(join(cwd, 'edited.otio'), JSON.stringify(edited));
    const jobsBefore = new Map((await jobsOf('lh', cwd)).map((job) => [job.key, job]));
    const callsBefore = calls().length;

    const imported = await run(['import-cut', 'lh', 'edited.otio']);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(calls().length - callsBefore).toBe(0);
    const changed = (await jobsOf('lh', cwd)).filter((job) => JSON.stringify(job) !== JSON.stringify(jobsBefore.get(job.key))).map((job) => job.key);
    expect(changed).toEqual(['edit']);

    const request = await readEditRecord(movieDir, 'lh');
    expect(request.shots.map((shot) => `${shot.sceneId}:${shot.shotId}`)).toEqual([
      'scene_4:shot_1', 'scene_1:shot_2', 'scene_2:shot_1', 'scene_3:shot_2', 'scene_3:shot_3', 'scene_1:shot_1', 'scene_4:shot_2',
    ]);
    const trimmed = request.shots.find((shot) => shot.shotId === 'shot_3')!;
    expect(trimmed.sourceStartSeconds).toBe(1);
    expect(trimmed.durationSeconds).toBe(2.5);
    const moved = request.shots.flatMap((shot) => shot.dialogue).find((line) => line.line!.sceneId === 'scene_3' && line.line!.lineNumber === 2)!;
    expect(moved.offsetSeconds).toBeCloseTo(1.33 + 1, 3);
    expect(Math.abs(probeSeconds(film()) * fps - trackFrames(edited))).toBeLessThanOrEqual(1);

    // The swapped shots are where the cut put them: the film's first shot is scene_4/shot_1's clip.
    const firstShot = Math.round(3 * fps) + 30;
    const filmFrame = frameOf(film(), firstShot, 'recut-first');
    const own = similarity(filmFrame, frameOf(join(movieDir, 'videos', 'scene_4.mp4'), 60, 'scene_4-30'));
    const other = similarity(filmFrame, frameOf(join(movieDir, 'videos', 'scene_1.mp4'), 60, 'scene_1-30'));
    expect(own).toBeGreaterThan(0.9);
    expect(own).toBeGreaterThan(other);

    // The trimmed shot starts a second into its clip (the animatic's clips run at 24 fps).
    const trimmedAt = Math.round(materialStarts(edited).get('scene_3:shot_3')! * fps) + 2;
    const trimmedFrame = frameOf(film(), trimmedAt, 'recut-trimmed');
    const fromTrim = similarity(trimmedFrame, frameOf(join(movieDir, 'videos', 'scene_3_shot_3.mp4'), 24 + 4, 'trim-in'));
    const fromStart = similarity(trimmedFrame, frameOf(join(movieDir, 'videos', 'scene_3_shot_3.mp4'), 4, 'trim-start'));
    expect(fromTrim).toBeGreaterThan(0.9);
    expect(fromTrim).toBeGreaterThan(fromStart);

    // The cut is kept with the movie: a resume makes nothing, and an export gives the cut back.
    const resumed = await run(['resume', 'lh']);
    expect(resumed.code).toBe(0);
    expect(calls().length - callsBefore).toBe(0);
    await exportOtio('again.otio');
    const again = await run(['import-cut', 'lh', 'again.otio']);
    expect(again.stdout).toContain('is the film as it is: nothing to make');
  }, 120_000);

  it('makes exactly one clip again, longer, for a shot run past its clip, after showing the price', async () => {
    const otio = await exportOtio('longer.otio');
    const lineShots = await lineShotsOf();
    const edited = recut(otio, lineShots, (children) => children.map((child) => (child.metadata?.cinema?.shotId === 'shot_2' && child.metadata.cinema.sceneId === 'scene_4' ? trim(child, 0, -24) : child)));
    writeFileSync(join(cwd, 'longer-edited.otio'), JSON.stringify(edited));
    const film0 = sha256(film());

    const refused = await run(['import-cut', 'lh', 'longer-edited.otio']);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toContain('scene_4:shot_2  longer');
    expect(refused.stdout).toMatch(/videos\s+1 jobs/);
    expect(refused.stderr).toContain('pass --yes');
    expect(sha256(film())).toBe(film0);

    const callsBefore = calls().length;
    const imported = await run(['import-cut', 'lh', 'longer-edited.otio', '--yes']);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(calls().slice(callsBefore)).toEqual(['video']);
    expect(probeSeconds(join(movieDir, 'videos', 'scene_4_shot_2.mp4'))).toBeGreaterThanOrEqual(8 - 0.05);
    expect(Math.abs(probeSeconds(film()) * fps - trackFrames(edited))).toBeLessThanOrEqual(1);
  }, 120_000);
});
