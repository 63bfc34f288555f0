import { describe, expect, it } from 'vitest';
import { computeTimeline, readingSeconds, subtitleCues, type TimelineInput } from './timeline.js';

const shot = (shotId: string, durationSeconds: number, transition: 'cut' | 'crossfade' | 'fade_to_black', dialogue: TimelineInput['shots'][number]['dialogue'] = []) => ({
  sceneId: 'scene_1',
  shotId,
  durationSeconds,
  transition,
  dialogue,
});

describe('computeTimeline', () => {
  it('adds shots end to end when every transition is a cut', () => {
    const timeline = computeTimeline({ fps: 24, shots: [shot('shot_1', 2, 'cut'), shot('shot_2', 3, 'cut')] });
    expect(timeline.segments.map((segment) => [segment.startFrame, segment.frames])).toEqual([[0, 48], [48, 72]]);
    expect(timeline.totalFrames).toBe(120);
    expect(timeline.durationSeconds).toBe(5);
  });

  it('shortens the film by each overlap and lengthens it by the cards', () => {
    const timeline = computeTimeline({
      fps: 25,
      shots: [shot('shot_1', 2, 'crossfade'), shot('shot_2', 2, 'fade_to_black'), shot('shot_3', 1.5, 'cut')],
      titleCard: { title: 'T', durationSeconds: 1 },
      endCard: { title: 'E', durationSeconds: 2 },
    });
    expect(timeline.segments.map((segment) => segment.kind)).toEqual(['title', 'shot', 'shot', 'shot', 'end']);
    // 0.5 s at 25 fps rounds to 12 frames (kept even so a fade to black splits in two halves)
    expect(timeline.segments.map((segment) => segment.transitionOut.overlapFrames)).toEqual([0, 12, 12, 0, 0]);
    expect(timeline.segments.map((segment) => segment.startFrame)).toEqual([0, 25, 63, 101, 139]);
    expect(timeline.totalFrames).toBe(25 + 50 + 50 + 38 + 50 - 24);
    expect(timeline.durationSeconds).toBeCloseTo(189 / 25, 9);
  });

  it('shortens transitions for short shots and turns too-short ones into cuts with a warning', () => {
    const timeline = computeTimeline({ fps: 10, shots: [shot('shot_1', 0.5, 'crossfade'), shot('shot_2', 0.2, 'crossfade'), shot('shot_3', 1, 'cut')] }, { transitionSeconds: 1 });
    expect(timeline.segments[0]!.transitionOut).toEqual({ type: 'cut', overlapFrames: 0, fadeOutFrames: 0 });
    expect(timeline.warnings).toEqual(['scene_1/shot_1: too short for a crossfade; cut instead.', 'scene_1/shot_2: too short for a crossfade; cut instead.']);
    const longer = computeTimeline({ fps: 10, shots: [shot('shot_1', 2, 'crossfade'), shot('shot_2', 1, 'cut')] }, { transitionSeconds: 1 });
    expect(longer.segments[0]!.transitionOut.overlapFrames).toBe(4);
    expect(longer.totalFrames).toBe(26);
  });

  it('fades the last shot out without changing the length', () => {
    const timeline = computeTimeline({ fps: 25, shots: [shot('shot_1', 2, 'fade_to_black')] });
    expect(timeline.segments[0]!.transitionOut).toEqual({ type: 'fade_to_black', overlapFrames: 0, fadeOutFrames: 12 });
    expect(timeline.totalFrames).toBe(50);
  });

  it('places dialogue at its shot start plus offset, in film order', () => {
    const timeline = computeTimeline({
      fps: 25,
      titleCard: { title: 'T', durationSeconds: 1 },
      shots: [
        shot('shot_1', 2, 'crossfade', [{ audioPath: 'b.wav', text: 'second', speaker: 'B', offsetSeconds: 1.5 }, { audioPath: 'a.wav', text: 'first', speaker: 'A', offsetSeconds: 0.2 }]),
        shot('shot_2', 2, 'cut', [{ audioPath: 'c.wav', text: 'third', speaker: 'C', offsetSeconds: 0.1 }]),
      ],
    });
    expect(timeline.dialogue.map((line) => [line.text, Number(line.start.toFixed(6))])).toEqual([
      ['first', 1.2],
      ['second', 2.5],
      ['third', 2.62],
    ]);
  });
});

describe('subtitleCues', () => {
  it('ends each cue at the next line or after its reading time, and never after the film', () => {
    const line = (start: number, text: string) => ({ sceneId: 's', shotId: 'x', speaker: 'A', audioPath: 'a.wav', line: undefined, text, start });
    const cues = subtitleCues({ durationSeconds: 10, dialogue: [line(1, 'Hi'), line(2, 'A much longer line that takes a while to read'), line(9, 'Bye now')] });
    expect(cues).toEqual([
      { start: 1, end: 2, text: 'Hi' },
      { start: 2, end: 2 + readingSeconds('A much longer line that takes a while to read'), text: 'A much longer line that takes a while to read' },
      { start: 9, end: 10, text: 'Bye now' },
    ]);
    expect(readingSeconds('Hi')).toBe(1.5);
    expect(readingSeconds('x'.repeat(300))).toBe(7);
  });

  it('drops lines that start after the film ends', () => {
    const cues = subtitleCues({ durationSeconds: 2, dialogue: [{ sceneId: 's', shotId: 'x', speaker: 'A', audioPath: 'a', line: undefined, text: 'late', start: 3 }] });
    expect(cues).toEqual([]);
  });
});
