import { describe, expect, it } from 'vitest';
import { timecode, writeEdl } from './edl.js';
import { fixtureTimeline } from './export-fixtures.test-helper.js';

describe('writeEdl', () => {
  it('writes non-drop-frame timecodes at the film rate', () => {
    expect(timecode(0, 12)).toBe('00:00:00:00');
    expect(timecode(12 * 3661 + 5, 12)).toBe('01:01:01:05');
  });

  it('writes one event per card and shot, a centred dissolve, a dip to black through BL, and the file of every event', () => {
    const edl = writeEdl(fixtureTimeline()).split('\n');
    // Title 24 frames; scene_1/shot_1 (48) crossfades into shot_2 (36) over 6 frames from 01:00:05:06, 3 either side
    // of the cut; shot_2 dips to black into scene_2 (24) over 3 + 3 frames from 01:00:08:00; the end card (12) ends at 11 s.
    expect(edl.filter((line) => /^\d{3} /.test(line))).toEqual([
      '001  AX       V     C        00:00:00:00 00:00:02:00 01:00:00:00 01:00:02:00',
      '002  AX       V     C        00:00:00:00 00:00:03:06 01:00:02:00 01:00:05:06',
      '003  AX       V     C        00:00:03:06 00:00:03:06 01:00:05:06 01:00:05:06',
      '003  AX       V     D    006 00:00:00:00 00:00:02:06 01:00:05:06 01:00:08:00',
      '004  AX       V     C        00:00:02:06 00:00:02:06 01:00:08:00 01:00:08:00',
      '004  BL       V     D    003 00:00:00:00 00:00:00:03 01:00:08:00 01:00:08:03',
      '005  BL       V     C        00:00:00:03 00:00:00:03 01:00:08:03 01:00:08:03',
      '005  AX       V     D    003 00:00:00:03 00:00:02:00 01:00:08:03 01:00:10:00',
      '006  AX       V     C        00:00:00:00 00:00:01:00 01:00:10:00 01:00:11:00',
    ]);
    expect(edl).toContain('* SOURCE FILE: /movie/videos/scene_1_shot_2.mp4');
    expect(edl).toContain('* FROM CLIP NAME: card-end.mp4');
  });

  it('names files relative to the EDL when asked', () => {
    expect(writeEdl(fixtureTimeline(), { relativeTo: '/movie/output' })).toContain('* SOURCE FILE: ../videos/scene_2.mp4');
  });
});
