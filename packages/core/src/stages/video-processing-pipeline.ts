import { stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Job, JobOutput, JobSpec } from '../job-store/v1/index.js';
import { writeEditRecord } from '../movie/edit-record.js';
import { movieLayout } from '../movie/layout.js';
import type { EditDialogue, EditRequest, EditShot, PostProductionV1 } from '../post-production/v1/index.js';
import { CinemaError } from '../errors/index.js';
import type { EditCut, JobContext, JobOutcome, MovieSettings, PlanContext, Stage } from '../pipeline/v1/index.js';
import type { JsonValue } from '../provider/v1/index.js';
import type { Screenplay } from '../screenplay/screenplay-schema.js';
import { hashJson, sha256OfFile } from '../util/hash.js';
import { dialogueLines, type DialogueLineRef } from './audio-generator.js';
import { jobKeys } from './job-keys.js';
import { shotsOf } from './keyframe-generator.js';

export interface VideoProcessingPipelineOptions {
  postProduction: PostProductionV1;
  /** A music or room-tone bed under the whole film. */
  music?: { path: string; volume?: number };
  maxAttempts?: number;
}

/** Seconds of quiet before the first line of a shot, between lines, and after the last. */
const lead = 0.3;
const gap = 0.25;
const tail = 0.5;

/** Speaking time when the speech model did not say: about 2.5 words a second. */
export function estimateSpeechSeconds(text: string): number {
  return Math.max(0.8, text.trim().split(/\s+/).length / 2.5 + 0.3);
}

/**
 * Places each line at its shot's time and lengthens a shot that is too short for its lines, so the
 * picture follows the dialogue. With an editor's `cut`, the cut decides instead: its shots in its
 * order, with its trims, transitions and line places (shots and lines the screenplay no longer has
 * are left out).
 */
export function buildEditShots(
  screenplay: Screenplay,
  clip: (sceneId: string, shotId: string) => string,
  line: (sceneId: string, lineNumber: number) => { path: string; durationSeconds: number | null } | undefined,
  cut?: EditCut,
): EditShot[] {
  const lines = dialogueLines(screenplay);
  const speakerOf = (candidate: DialogueLineRef) => screenplay.characters.find((character) => character.id === candidate.speaker)?.name ?? candidate.speaker;
  const scripted = shotsOf(screenplay).map(({ scene, shot }): EditShot => {
    let cursor = lead;
    const dialogue = lines
      .filter((candidate) => candidate.sceneId === scene.id && candidate.shotId === shot.id)
      .flatMap((candidate) => {
        const audio = line(candidate.sceneId, candidate.lineNumber);
        if (!audio) return [];
        const placed: EditDialogue = {
          audioPath: audio.path,
          text: candidate.text,
          speaker: speakerOf(candidate),
          line: { sceneId: candidate.sceneId, lineNumber: candidate.lineNumber },
          offsetSeconds: round(cursor),
        };
        cursor += (audio.durationSeconds ?? estimateSpeechSeconds(candidate.text)) + gap;
        return [placed];
      });
    const needed = dialogue.length > 0 ? cursor - gap + tail : 0;
    return {
      sceneId: scene.id,
      shotId: shot.id,
      videoPath: clip(scene.id, shot.id),
      durationSeconds: round(Math.max(shot.durationSeconds, needed)),
      transition: shot.transition,
      dialogue,
    };
  });
  return cut ? cutEditShots(scripted, cut, lines, speakerOf, clip, line) : scripted;
}

/**
 * The cut's shots, with its trims and line places; a shot of the screenplay the cut neither shows
 * nor removed (one a later script edit added) goes in after the shot before it in the screenplay.
 */
function cutEditShots(
  scripted: readonly EditShot[],
  cut: EditCut,
  lines: readonly DialogueLineRef[],
  speakerOf: (line: DialogueLineRef) => string,
  clip: (sceneId: string, shotId: string) => string,
  line: (sceneId: string, lineNumber: number) => { path: string; durationSeconds: number | null } | undefined,
): EditShot[] {
  const idOf = (shot: { sceneId: string; shotId: string }) => `${shot.sceneId}:${shot.shotId}`;
  const known = new Set(scripted.map(idOf));
  const shots: EditShot[] = cut.shots
    .filter((shot) => known.has(idOf(shot)))
    .map((shot) => ({
      sceneId: shot.sceneId,
      shotId: shot.shotId,
      videoPath: clip(shot.sceneId, shot.shotId),
      ...(shot.sourceStartSeconds > 0 ? { sourceStartSeconds: shot.sourceStartSeconds } : {}),
      durationSeconds: shot.durationSeconds,
      transition: shot.transition,
      dialogue: shot.dialogue.flatMap((placed) => {
        const candidate = lines.find((known) => known.sceneId === placed.sceneId && known.lineNumber === placed.lineNumber);
        const audio = candidate && line(candidate.sceneId, candidate.lineNumber);
        if (!candidate || !audio) return [];
        return [{ audioPath: audio.path, text: candidate.text, speaker: speakerOf(candidate), line: { sceneId: candidate.sceneId, lineNumber: candidate.lineNumber }, offsetSeconds: placed.offsetSeconds }];
      }),
    }));
  const decided = new Set([...cut.shots, ...(cut.removed ?? [])].map(idOf));
  scripted.forEach((shot, index) => {
    if (decided.has(idOf(shot))) return;
    const before = scripted.slice(0, index).reverse().find((earlier) => shots.some((placed) => idOf(placed) === idOf(earlier)));
    shots.splice(before ? shots.findIndex((placed) => idOf(placed) === idOf(before)) + 1 : 0, 0, shot);
  });
  return shots;
}

/** The clip length a cut asks of a shot (`CutShot.clipSeconds`), 0 when it asks for none. */
export function cutClipSeconds(cut: EditCut | undefined, sceneId: string, shotId: string): number {
  let seconds = 0;
  for (const shot of cut?.shots ?? []) {
    if (shot.sceneId === sceneId && shot.shotId === shotId) seconds = Math.max(seconds, shot.clipSeconds ?? 0);
  }
  return seconds;
}

function round(value: number) {
  return Math.round(value * 1000) / 1000;
}

async function fileOutput(movieDir: string, absolutePath: string): Promise<JobOutput> {
  return { path: relative(movieDir, absolutePath), sha256: await sha256OfFile(absolutePath), bytes: (await stat(absolutePath)).size };
}

/** The edit job's input; with an editor's re-cut imported, also `cut` (absent otherwise, so a film without one keeps its job). */
interface EditJobInput {
  postProduction: string;
  settings: MovieSettings & { [key: string]: JsonValue };
  music: { path: string; volume?: number } | null;
  screenplay: string;
  /** `scene:shot` → the job that makes its clip. */
  clips: Record<string, string>;
  /** `scene:line` → the job that speaks it. */
  lines: Record<string, string>;
  [key: string]: JsonValue;
}

function shotRef(sceneId: string, shotId: string) {
  return `${sceneId}:${shotId}`;
}

function lineRef(sceneId: string, lineNumber: number) {
  return `${sceneId}:${lineNumber}`;
}

/** The edit: hands every clip and line to the PostProduction plugin, which makes `{movie_id}_final.mp4`. */
export class VideoProcessingPipeline implements Stage {
  readonly specificationVersion = 'v1' as const;
  readonly name = 'edit';
  constructor(private readonly options: VideoProcessingPipelineOptions) {}

  plan({ screenplay, settings, producerOf, input: movieInput }: PlanContext): JobSpec[] {
    if (!screenplay) return [];
    // The clips and lines the edit uses, found by what their jobs make, whatever stage planned them.
    const clips: Record<string, string> = {};
    for (const { scene, shot } of shotsOf(screenplay)) {
      const key = producerOf({ kind: 'clip', sceneId: scene.id, shotId: shot.id });
      if (key !== undefined) clips[shotRef(scene.id, shot.id)] = key;
    }
    const lines: Record<string, string> = {};
    for (const line of dialogueLines(screenplay)) {
      const key = producerOf({ kind: 'dialogue', sceneId: line.sceneId, shotId: line.shotId, lineNumber: line.lineNumber });
      if (key !== undefined) lines[lineRef(line.sceneId, line.lineNumber)] = key;
    }
    const screenplayKey = producerOf({ kind: 'screenplay' }) ?? jobKeys.screenplay;
    const input: EditJobInput = {
      postProduction: this.options.postProduction.name,
      settings: { ...settings },
      music: this.options.music ?? null,
      screenplay: hashJson(screenplay),
      clips,
      lines,
      ...(movieInput.cut ? { cut: movieInput.cut as unknown as JsonValue } : {}),
    };
    const dependsOn = [...new Set([...Object.values(clips), ...Object.values(lines)])];
    return [
      {
        key: jobKeys.edit,
        stage: this.name,
        lane: `postprod:${this.options.postProduction.name}`,
        input,
        inputHash: hashJson(input),
        dependsOn: [screenplayKey, ...dependsOn],
        priority: 1_000_000,
        maxAttempts: this.options.maxAttempts ?? 2,
        produces: { kind: 'film' },
      },
    ];
  }

  async run(job: Job, context: JobContext): Promise<JobOutcome> {
    const screenplay = context.screenplay!;
    const movieDir = context.movieDir;
    const input = job.input as unknown as EditJobInput;
    const shots = buildEditShots(
      screenplay,
      (sceneId, shotId) => {
        const key = input.clips[shotRef(sceneId, shotId)];
        if (key === undefined) {
          throw new CinemaError({
            message: `the edit has no clip for ${sceneId}:${shotId}: no stage plans a job that declares it makes { kind: 'clip', sceneId: '${sceneId}', shotId: '${shotId}' }`,
            category: 'config',
          });
        }
        return join(movieDir, context.dependency(key).outputs[0]!.path);
      },
      (sceneId, lineNumber) => {
        const key = input.lines[lineRef(sceneId, lineNumber)];
        if (key === undefined) return undefined;
        const speech = context.dependency(key);
        const durationSeconds = (speech.result as { durationSeconds?: number | null } | null)?.durationSeconds ?? null;
        return { path: join(movieDir, speech.outputs[0]!.path), durationSeconds };
      },
      (input as { cut?: unknown }).cut as EditCut | undefined,
    );
    const { settings } = context;
    const request: EditRequest = {
      movieId: context.movieId,
      outputPath: join(movieDir, movieLayout.finalVideo(context.movieId)),
      subtitlesPath: join(movieDir, movieLayout.subtitles(context.movieId)),
      format: { width: settings.width, height: settings.height, fps: settings.fps },
      shots,
      titleCard: settings.cards ? { title: screenplay.title, subtitle: screenplay.logline || undefined, durationSeconds: 3 } : undefined,
      endCard: settings.cards ? { title: 'The End', durationSeconds: 2 } : undefined,
      music: this.options.music && { path: this.options.music.path, volume: this.options.music.volume ?? 0.2 },
      burnSubtitles: settings.burnSubtitles,
      workDir: join(movieDir, movieLayout.workDir()),
    };
    const result = await this.options.postProduction.render(request, {
      abortSignal: context.abortSignal,
      onEvent: (event) => {
        if (event.type === 'progress') context.progress(event.percent / 100, event.step);
        else context.progress(event.index / Math.max(1, event.total), event.step);
      },
    });
    for (const warning of result.warnings) context.warn(warning);
    await writeEditRecord(movieDir, join(movieDir, movieLayout.editRecord(context.movieId)), request);
    const outputs = [await fileOutput(movieDir, result.outputPath), await fileOutput(movieDir, result.subtitlesPath)];
    return { outputs, result: { durationSeconds: result.durationSeconds, finalVideo: outputs[0]!.path }, costUsd: 0 };
  }
}
