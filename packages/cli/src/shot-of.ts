import type { Job } from '@cinema/core';

/** The shot a job belongs to as the commands name it, `scene_2:shot_1`; undefined for a job of no one shot (a sheet, the edit). */
export function shotOf(job: Pick<Job, 'sceneId' | 'input'>): string | undefined {
  const shotId = (job.input as { shotId?: unknown } | null)?.shotId;
  return job.sceneId !== null && typeof shotId === 'string' ? `${job.sceneId}:${shotId}` : undefined;
}
