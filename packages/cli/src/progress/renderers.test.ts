import type { CinemaEvent } from '@cinema/core';
import { describe, expect, it } from 'vitest';
import { createLineRenderer, createTtyRenderer } from './renderers.js';
import { createStyle } from './style.js';

const at = 1_700_000_000_000;
const movieId = 'lh';

function linesFor(events: CinemaEvent[]): string {
  let output = '';
  const renderer = createLineRenderer({ write: (text) => (output += text), style: createStyle(false) });
  for (const event of events) renderer.onEvent(event);
  return output;
}

describe('the line renderer', () => {
  it('says what waits for review and the command that lets it go on', () => {
    const keys = ['video:scene_1:shot_1', 'video:scene_1:shot_2', 'video:scene_2:shot_1', 'video:scene_3:shot_1', 'video:scene_3:shot_2', 'video:scene_3:shot_3', 'video:scene_4:shot_1', 'video:scene_4:shot_2'];
    expect(linesFor([{ type: 'review:waiting', movieId, keys, at }])).toBe(
      'waiting for review: 8 job(s) held until `cinema approve lh`: video:scene_1:shot_1, video:scene_1:shot_2, video:scene_2:shot_1, video:scene_3:shot_1, video:scene_3:shot_2, video:scene_3:shot_3 and 2 more\n',
    );
  });

  it('names the jobs retired with a cut scene, and that their files are kept', () => {
    expect(linesFor([{ type: 'plan:retired', movieId, keys: ['screenplay:scene_3', 'video:scene_3:shot_1'], at }])).toBe('retired 2 job(s) of cut scenes, files kept: screenplay:scene_3, video:scene_3:shot_1\n');
  });

  it('says when the provider already had a job and it was not paid for again, and when a job is cancelled', () => {
    expect(
      linesFor([
        { type: 'job:found', movieId, key: 'video:scene_2:shot_1', stage: 'videos', at },
        { type: 'job:cancelled', movieId, key: 'video:scene_3:shot_1', stage: 'videos', providerCancelled: true, at },
        { type: 'job:cancelled', movieId, key: 'edit', stage: 'edit', providerCancelled: false, at },
      ]),
    ).toBe(
      'found work the provider already had: video:scene_2:shot_1 (not paid for again)\n' +
        'cancelled video:scene_3:shot_1 (the provider was asked to stop)\n' +
        'cancelled edit\n',
    );
  });
});

describe('the terminal renderer', () => {
  it('draws nothing before the run says something, so a question asked first keeps the screen', async () => {
    let output = '';
    let asked = 0;
    const renderer = createTtyRenderer({
      write: (text) => (output += text),
      style: createStyle(false),
      status: async () => {
        asked++;
        throw new Error('no movie yet');
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 450));
    await renderer.close();
    expect(asked).toBe(0);
    expect(output).toBe('');
  });
});
