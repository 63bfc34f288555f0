import type { Job, MovieStatus } from '@cinema/core';
import { describe, expect, it } from 'vitest';
import { createStyle } from '../progress/style.js';
import { formatStatus } from './format-status.js';

const status: MovieStatus = { movieId: 'lh', status: 'completed', progress: 100, completed: 2, total: 2, failed: 0, stages: {}, costUsd: 3, remainingEstimateUsd: 0, finalVideo: '/films/lh_final.mp4', movieDir: '/films/lh' };
const job = (key: string, result: unknown, categories: string[] = []) =>
  ({ key, status: 'completed', result, errors: categories.map((category) => ({ attempt: 1, message: 'x', category, isRetryable: true, at: 0 })) }) as unknown as Job;

describe('cinema status', () => {
  it('says which takes the judge flagged and how many jobs were re-taken', () => {
    const text = formatStatus(status, { held: [], withTakes: [], retired: [], judged: [job('video:scene_1:shot_1', { judge: { score: 0.5, problems: ['the beam is missing'], flagged: true } }, ['quality', 'quality']), job('keyframe:scene_1:shot_1:first_frame', { judge: { score: 0.9, problems: [] } })] }, '', createStyle(false));
    expect(text).toContain('flagged: no take of video:scene_1:shot_1 (judge 0.50, flagged: the beam is missing, re-taken 2x after failed checks) passed the judge; the best is in the film');
    expect(text).toContain('quality: 1 job(s) re-taken after failed checks or a low score: see cinema jobs lh');
  });
});
