import { qualityOf } from './format/format-jobs.js';
import { join } from 'node:path';
import { type Job, type JobStatus, type MovieInput, type Screenplay } from '@cinema/core';
import { shotOf } from './shot-of.js';

/** The stage whose jobs are a shot's stills, and the one whose job is its clip (the built-in stages). */
const stillStage = 'keyframes';
const clipStage = 'videos';

/** One shot as `cinema review` shows it. */
export interface ShotReview {
  /** `scene_2:shot_1`, as `cinema approve --shot` takes it. */
  shot: string;
  sceneId: string;
  shotId: string;
  /** The shot's description in the screenplay ('' when the screenplay does not say). */
  caption: string;
  /** The prompt the clip is made from: the redo's when one was given, else the stage's. Null without a clip job. */
  prompt: string | null;
  /** Keys of the shot's jobs that wait for approval. */
  held: string[];
  /** What approving the shot will cost: the estimates of its held jobs. */
  approveCostUsd: number;
  /** The shot's clip job and where it stands; null when no stage plans one. */
  clip: { key: string; status: JobStatus } | null;
  /** The shot's keyframes in plan order; `path` is absolute, null while the still is not made. */
  stills: { key: string; path: string | null; quality?: string }[];
}

/**
 * The shots a user has to look at: each one with a job held for approval, and each one whose clip is
 * not made yet, in the film's order.
 */
export function shotsToReview(jobs: readonly Job[], screenplay: Screenplay | undefined, input: MovieInput | undefined, movieDir: string): ShotReview[] {
  const live = jobs.filter((job) => job.status !== 'retired');
  const wanted = new Set<string>();
  for (const job of live) {
    const shot = shotOf(job);
    if (shot && (job.held || (job.stage === clipStage && job.status !== 'completed'))) wanted.add(shot);
  }
  const order = (screenplay?.scenes ?? []).flatMap((scene) => scene.shots.map((shot) => `${scene.id}:${shot.id}`));
  const rank = (shot: string) => (order.includes(shot) ? order.indexOf(shot) : order.length);
  return [...wanted]
    .sort((a, b) => rank(a) - rank(b))
    .map((shot) => {
      const [sceneId, shotId] = shot.split(':') as [string, string];
      const own = live.filter((job) => shotOf(job) === shot);
      const clip = own.find((job) => job.stage === clipStage);
      const held = own.filter((job) => job.held);
      const description = screenplay?.scenes.find((scene) => scene.id === sceneId)?.shots.find((candidate) => candidate.id === shotId)?.description;
      const planned = (clip?.input as { prompt?: unknown } | undefined)?.prompt;
      const asked = clip ? input?.overrides?.[clip.key]?.prompt : undefined;
      return {
        shot,
        sceneId,
        shotId,
        caption: description ?? '',
        prompt: asked ?? (typeof planned === 'string' ? planned : null),
        held: held.map((job) => job.key),
        approveCostUsd: held.reduce((sum, job) => sum + job.estimatedCostUsd, 0),
        clip: clip ? { key: clip.key, status: clip.status } : null,
        stills: own
          .filter((job) => job.stage === stillStage)
          .map((job) => {
            const quality = job.status === 'completed' ? qualityOf(job) : undefined;
            return { key: job.key, path: job.status === 'completed' && job.outputs[0] ? join(movieDir, job.outputs[0].path) : null, ...(quality ? { quality } : {}) };
          }),
      };
    });
}
