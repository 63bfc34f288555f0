import { InvalidInputError } from '@cinema/core';
import { describe, expect, it } from 'vitest';
import { fixtureRequest, fixtureSeconds, fixtureTimeline } from './export-fixtures.test-helper.js';
import { readOtioCut } from './otio-cut.js';
import { writeOtio } from './otio.js';

type Node = { OTIO_SCHEMA: string; metadata?: Record<string, unknown>; source_range?: { start_time: { value: number }; duration: { value: number } }; children?: Node[]; kind?: string; tracks?: Node };

const request = fixtureRequest();
const clipSeconds = new Map(request.shots.map((shot) => [shot.videoPath, fixtureSeconds().get(shot.videoPath)!]));
const read = (document: unknown, options: Partial<Parameters<typeof readOtioCut>[1]> = {}) =>
  readOtioCut(typeof document === 'string' ? document : JSON.stringify(document), { file: '/movie/output/cut.otio', request, clipSeconds, ...options });
const exported = () => JSON.parse(writeOtio(fixtureTimeline())) as Node;
const video = (document: Node) => document.tracks!.children!.find((track) => track.kind === 'Video')!;

describe('readOtioCut', () => {
  it('reads the exported timeline back as the film it is', () => {
    const { cut, unchanged, warnings } = read(exported());
    expect(warnings).toEqual([]);
    expect(unchanged).toBe(true);
    expect(cut.shots.map((shot) => [shot.sceneId, shot.shotId, shot.sourceStartSeconds, shot.durationSeconds, shot.transition])).toEqual([
      ['scene_1', 'shot_1', 0, 4, 'crossfade'],
      ['scene_1', 'shot_2', 0, 3, 'fade_to_black'],
      ['scene_2', 'shot_1', 0, 2, 'cut'],
    ]);
    expect(cut.shots[1]!.dialogue).toEqual([{ sceneId: 'scene_1', lineNumber: 2, offsetSeconds: 0.5 }]);
  });

  it('finds shots and lines by their files when an editor dropped the metadata, with relative paths', () => {
    const document = JSON.parse(writeOtio(fixtureTimeline(), { relativeTo: '/movie/output' }).replaceAll('"cinema"', '"other"')) as Node;
    expect(JSON.stringify(document)).toContain('"target_url":"../videos/scene_1.mp4"');
    expect(read(document).unchanged).toBe(true);
  });

  it('reads a trimmed head as the shot starting into its clip, and the shot running on asks for a longer clip', () => {
    const document = exported();
    const last = video(document).children!.filter((child) => child.OTIO_SCHEMA === 'Clip.1').at(-2)!;
    last.source_range!.start_time.value += 6;
    last.source_range!.duration.value += 12;
    const { cut, unchanged } = read(document);
    expect(unchanged).toBe(false);
    expect(cut.shots[2]).toMatchObject({ sourceStartSeconds: 0.5, durationSeconds: 3, clipSeconds: 3.5 });
    // A longer clip asked for before is kept when the shot no longer needs it, so it is not made again shorter.
    expect(read(exported(), { currentCut: cut }).cut.shots[2]!.clipSeconds).toBe(3.5);
  });

  it('refuses a gap, a clip that is none of the film\'s shots, and a file that is not OTIO, naming the file', () => {
    const withGap = exported();
    video(withGap).children!.splice(1, 0, { OTIO_SCHEMA: 'Gap.1', source_range: { start_time: { value: 0, rate: 12 }, duration: { value: 12, rate: 12 } } } as unknown as Node);
    expect(() => read(withGap)).toThrow(/cut\.otio: The gap at 0:02\.00 on the video track is empty: Cinema's film has no gaps/);

    const stranger = exported();
    const clip = video(stranger).children![1]!;
    clip.metadata = {};
    (clip as unknown as { media_reference: { target_url: string } }).media_reference.target_url = 'file:///elsewhere/holiday.mp4';
    expect(() => read(stranger)).toThrow(/is not a shot of movie "night_train".*holiday\.mp4/);

    let error: unknown;
    try {
      read('{ not json');
    } catch (caught) {
      error = caught;
    }
    expect(InvalidInputError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/^\/movie\/output\/cut\.otio: not OpenTimelineIO JSON/);
  });

  it('moves a line with the time it is placed at, into the shot it now starts in', () => {
    const document = exported();
    const dialogue = document.tracks!.children!.find((track) => track.kind === 'Audio')!;
    // The gap before the second line: 0.5 s later puts it 1 s into scene_1/shot_2.
    const gap = dialogue.children!.filter((child) => child.OTIO_SCHEMA === 'Gap.1')[1]!;
    gap.source_range!.duration.value += 24_000;
    const { cut } = read(document);
    expect(cut.shots[1]!.dialogue).toEqual([{ sceneId: 'scene_1', lineNumber: 2, offsetSeconds: 1 }]);
  });

  it('keeps the shots an earlier cut took out as taken out', () => {
    const document = exported();
    const track = video(document);
    // Take scene_2/shot_1 out (with the cut into it, none): the cut says so.
    track.children = track.children!.filter((child) => (child.metadata?.cinema as { sceneId?: string } | undefined)?.sceneId !== 'scene_2');
    const first = read(document).cut;
    expect(first.removed).toEqual([{ sceneId: 'scene_2', shotId: 'shot_1' }]);
    // The next export lacks the shot; a cut of it still names it as removed.
    const next = { ...request, shots: request.shots.filter((shot) => shot.sceneId !== 'scene_2') };
    expect(read(document, { request: next, currentCut: first }).cut.removed).toEqual([{ sceneId: 'scene_2', shotId: 'shot_1' }]);
  });
});
