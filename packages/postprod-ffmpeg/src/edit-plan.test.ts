import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { prepareEditPlan } from './edit-plan.js';
import { findFfmpeg } from './find-ffmpeg.js';
import { editIn, npmBinaries } from './test-media.test-helper.js';

let root: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'postprod-ffmpeg-plan-'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Five one-shot scenes, each clip a file of its own (planning reads only their bytes), after a title card. */
async function fiveScenes(name: string) {
  const files = await Promise.all(
    ['a', 'b', 'c', 'd', 'e'].map(async (content, index) => {
      const file = path.join(root, `${name}-${index + 1}.mp4`);
      await writeFile(file, content);
      return file;
    }),
  );
  return editIn(path.join(root, name), 'plan_movie', {
    shots: files.map((videoPath, index) => ({
      sceneId: `scene_${index + 1}`,
      shotId: 'shot_1',
      videoPath,
      durationSeconds: 2,
      transition: 'cut',
      dialogue: [],
      ...(index === 2 ? { sourceStartSeconds: 0.4 } : {}),
    })),
    titleCard: { title: 'Plan', durationSeconds: 1 },
  });
}

it('reads every clip as it is and normalises it in the graph of the part that shows it, each part waiting only for the cards it reads', async () => {
  const edit = await fiveScenes('parts');
  const installation = await findFfmpeg(npmBinaries);
  const plan = await prepareEditPlan(edit, { installation });
  await rm(plan.scratchDir, { recursive: true, force: true });
  // Without dialogue, the six stretches' silent chunks are one file, made once.
  expect(plan.steps.map((step) => step.kind)).toEqual(['card', ...Array(6).fill('part'), ...Array(6).fill('audio'), 'final']);
  expect(plan.segmentFiles.slice(1)).toEqual(edit.shots.map((shot) => shot.videoPath));
  const [card, ...parts] = plan.steps.filter((step) => step.kind === 'card' || step.kind === 'part');
  // The title's part reads the card and the first clip (for the cut into it); only the card is made first.
  expect(parts[0]!.inputs.map((input) => input.path)).toEqual([card!.target, edit.shots[0]!.videoPath]);
  expect(parts[0]!.after).toEqual([card!.target]);
  expect(parts.slice(1).map((part) => part.after)).toEqual([[], [], [], [], []]);
  // Each clip is scaled and padded to the film's frame, at its rate, held on its last frame if short, in the part's own graph.
  const graph = (index: number) => parts[index]!.outputOptions[parts[index]!.outputOptions.indexOf('-filter_complex') + 1]!;
  expect(graph(1)).toContain('[0:v]setpts=PTS-STARTPTS,scale=320:180:force_original_aspect_ratio=decrease,pad=320:180:(ow-iw)/2:(oh-ih)/2:black,setsar=1,fps=25,format=yuv420p,tpad=stop_mode=clone');
  expect(graph(1)).toContain('trim=end_frame=50,');
  // A shot whose head an editor trimmed starts that far into its clip (0.4 s: 10 frames).
  expect(graph(3)).toContain('[0:v]setpts=PTS-STARTPTS,scale=320:180:force_original_aspect_ratio=decrease,pad=320:180:(ow-iw)/2:(oh-ih)/2:black,setsar=1,fps=25,trim=start_frame=10,');
  expect(parts[2]!.clips).toEqual([
    { path: edit.shots[1]!.videoPath, sceneId: 'scene_2', shotId: 'shot_1' },
    { path: edit.shots[2]!.videoPath, sceneId: 'scene_3', shotId: 'shot_1' },
  ]);
});

it('renders again only the parts that read a changed clip', async () => {
  const installation = await findFfmpeg(npmBinaries);
  const edit = await fiveScenes('changed-clip');
  const newTake = path.join(root, 'new-take.mp4');
  await writeFile(newTake, 'D');
  const original = await prepareEditPlan(edit, { installation });
  const changed = await prepareEditPlan({ ...edit, shots: edit.shots.map((shot, index) => (index === 3 ? { ...shot, videoPath: newTake } : shot)) }, { installation });
  await Promise.all([original, changed].map((plan) => rm(plan.scratchDir, { recursive: true, force: true })));
  const parts = (plan: typeof original) => plan.steps.filter((step) => step.kind === 'part').map((step) => path.basename(step.target));
  // Scene 4's clip is read by its own part and by scene 3's, for the cut into it.
  expect(parts(changed).map((name, index) => name === parts(original)[index])).toEqual([true, true, true, false, false, true]);
});

it('plans a part once when scenes are alike, the later ones waiting for the first', async () => {
  const installation = await findFfmpeg(npmBinaries);
  const clip = path.join(root, 'alike.mp4');
  await writeFile(clip, 'same');
  // Four one-second scenes of the same clip, cut to each other: the first three parts read the same two segments.
  const edit = editIn(path.join(root, 'alike'), 'plan_movie', {
    shots: Array.from({ length: 4 }, (_, index) => ({ sceneId: `scene_${index + 1}`, shotId: 'shot_1', videoPath: clip, durationSeconds: 1, transition: 'cut' as const, dialogue: [] })),
  });
  const plan = await prepareEditPlan(edit, { installation });
  await rm(plan.scratchDir, { recursive: true, force: true });
  const parts = plan.steps.filter((step) => step.kind === 'part');
  expect(new Set(parts.slice(0, 3).map((part) => part.target)).size).toBe(1);
  expect(parts[3]!.target).not.toBe(parts[0]!.target);
  expect(parts.map((part) => part.after)).toEqual([[], [parts[0]!.target], [parts[0]!.target], []]);
});
