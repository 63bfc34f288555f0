import type { JobSpec, JobStoreV1 } from '../job-store/v1/index.js';
import { changedSpecs, reusableTakes } from '../orchestrator/stale-jobs.js';
import { planStages } from '../pipeline/plan-stages.js';
import type { MovieInput, MovieSettings, Stage } from '../pipeline/v1/index.js';
import type { JsonValue, TextModelV1 } from '../provider/v1/index.js';
import { mergeScreenplay } from '../screenplay/merge-screenplay.js';
import { parseWriterOutput, sceneDraftSchema, sceneWriterPrompt, screenplayOverviewSchema, type SceneDraft, type ScreenplayOverview } from '../screenplay/scene-draft.js';
import { parseScreenplay } from '../screenplay/parse-screenplay.js';
import type { Screenplay } from '../screenplay/screenplay-schema.js';
import { splitScript } from '../screenplay/script-units.js';

/** What an edit does to one scene. */
export interface SceneChange {
  sceneId: string;
  heading: string | null;
  change: 'unchanged' | 'changed' | 'new' | 'removed';
}

/** What an edit makes again in one stage. */
export interface StageChange {
  /** Jobs to make: new ones, changed ones, and ones made stale by a changed dependency. */
  jobs: number;
  keys: string[];
  /** What those jobs are estimated to cost, by their models' `estimateCost`. */
  costUsd: number;
}

/** What an edited script would cost before anything is spent (`MovieMaker.plan`). */
export interface ChangePlan {
  movieId: string;
  scenes: SceneChange[];
  stages: Record<string, StageChange>;
  jobs: number;
  costUsd: number;
  /** Jobs that leave the plan (their scenes were cut); their files are kept. */
  retired: string[];
  /**
   * How the new scenes' shots were known: `writer` when the writer is free and drafted them, else
   * `approximate` (a changed scene is counted with its old shots, a new one with one shot).
   */
  drafted: 'writer' | 'approximate';
}

export interface PlanChangeInput {
  stages: readonly Stage[];
  store: JobStoreV1;
  movieId: string;
  input: MovieInput;
  settings: MovieSettings;
  /** Drafts changed scenes for the plan; only a free writer is asked (the offline animatic). Default: none. */
  draftWriter?: TextModelV1;
}

interface SceneJobInput {
  role: 'scene';
  sceneId: string;
  format: 'fountain' | 'prose';
  text: string;
}

/**
 * Plans an edited script against the movie's jobs without running any: the scene-by-scene change,
 * and per stage the jobs that would be made (new, changed, or stale through a changed dependency)
 * with their estimated cost, using the same staleness rules the run uses.
 */
export async function planChange({ stages, store, movieId, input, settings, draftWriter }: PlanChangeInput): Promise<ChangePlan> {
  const jobs = await store.listJobs(movieId);
  const known = new Map(jobs.map((job) => [job.key, job]));
  const results = new Map<string, JsonValue>();
  for (const job of jobs) if (job.status === 'completed' && job.result !== null) results.set(job.key, job.result);

  const context = { movieId, input, settings, results };
  const screenplayPlan = planStages(stages, { ...context, screenplay: undefined });
  const producer = [...screenplayPlan.values()].find((spec) => spec.produces?.kind === 'screenplay');
  const previous = producer ? safeScreenplay(known.get(producer.key)?.result) : undefined;
  const free = draftWriter !== undefined && (draftWriter.estimateCost?.({ prompt: input.script }) ?? 0) === 0;

  const drafts = new Map<string, SceneDraft>();
  let overview: ScreenplayOverview = { title: previous?.title ?? 'Untitled', logline: previous?.logline ?? '', visualStyle: previous?.visualStyle ?? '' };
  for (const spec of screenplayPlan.values()) {
    const role = (spec.input as { role?: string } | null)?.role;
    const stored = known.get(spec.key);
    const unchanged = stored?.status === 'completed' && stored.inputHash === spec.inputHash && stored.result !== null;
    if (role === 'overview') {
      if (unchanged) overview = stored.result as unknown as ScreenplayOverview;
      else if (free) overview = parseWriterOutput(screenplayOverviewSchema, (await draftWriter.doGenerate({ prompt: input.script, schemaName: 'screenplay-overview', jsonSchema: {}, idempotencyKey: 'plan' })).object, 'overview draft');
    } else if (role === 'scene') {
      const scene = spec.input as unknown as SceneJobInput;
      if (unchanged) drafts.set(scene.sceneId, stored.result as unknown as SceneDraft);
      else if (free) {
        const written = await draftWriter.doGenerate({ prompt: sceneWriterPrompt({ format: scene.format, text: scene.text }), schemaName: 'screenplay-scene', jsonSchema: {}, idempotencyKey: 'plan' });
        drafts.set(scene.sceneId, parseWriterOutput(sceneDraftSchema, written.object, `${scene.sceneId} draft`));
      } else drafts.set(scene.sceneId, approximateDraft(previous, scene));
    }
  }

  const split = splitScript(input.script);
  const order = [...screenplayPlan.values()].filter((spec) => (spec.input as { role?: string } | null)?.role === 'scene').map((spec) => (spec.input as unknown as SceneJobInput).sceneId);
  const predicted = mergeScreenplay({ overview, scenes: order.map((id) => ({ id, draft: drafts.get(id)! })), previous, voices: [] });
  const planned = planStages(stages, { ...context, screenplay: predicted });
  // Jobs an undone edit gives an earlier take back cost nothing: they are not counted.
  const changed = reusableTakes(changedSpecs([...planned.values()], known, producer?.key), known, producer?.key).left;
  const unfinished = [...planned.values()].filter((spec) => {
    const stored = known.get(spec.key);
    return stored !== undefined && stored.status !== 'completed' && stored.status !== 'retired';
  });
  const toMake = new Map<string, JobSpec>([...unfinished, ...changed].map((spec) => [spec.key, spec]));

  const plan: ChangePlan = { movieId, scenes: sceneChanges(split.units.map((unit, index) => ({ unit, id: order[index]! })), previous), stages: {}, jobs: 0, costUsd: 0, retired: [], drafted: free ? 'writer' : 'approximate' };
  for (const spec of toMake.values()) {
    // A revived job (a cut scene put back unchanged) costs nothing.
    if (known.get(spec.key)?.status === 'retired' && known.get(spec.key)!.inputHash === spec.inputHash) continue;
    const stage = (plan.stages[spec.stage] ??= { jobs: 0, keys: [], costUsd: 0 });
    stage.jobs++;
    stage.keys.push(spec.key);
    stage.costUsd += spec.estimatedCostUsd ?? 0;
    plan.jobs++;
    plan.costUsd += spec.estimatedCostUsd ?? 0;
  }
  plan.retired = jobs.filter((job) => !planned.has(job.key) && job.status !== 'retired').map((job) => job.key);
  return plan;
}

function safeScreenplay(value: unknown): (Screenplay & { sources?: { id: string; hash: string; heading: string | null }[] }) | undefined {
  if (value == null) return undefined;
  try {
    return { ...parseScreenplay(value), sources: (value as { sources?: [] }).sources };
  } catch {
    return undefined;
  }
}

/** Without a free writer: a changed scene is counted with its old shots, a new one with a single shot. */
function approximateDraft(previous: Screenplay | undefined, scene: SceneJobInput): SceneDraft {
  const old = previous?.scenes.find((candidate) => candidate.id === scene.sceneId);
  const nameOf = (id: string) => previous?.characters.find((character) => character.id === id)?.name ?? id;
  if (old) {
    return {
      heading: old.heading,
      location: old.location,
      timeOfDay: old.timeOfDay,
      characters: old.characters.map((id) => {
        const character = previous!.characters.find((candidate) => candidate.id === id);
        return { name: nameOf(id), description: character?.description ?? '', visualTraits: character?.visualTraits ?? [] };
      }),
      shots: old.shots.map((shot) => ({
        // Marked so its prompts differ from the old ones: the plan counts the scene's jobs as changed.
        description: `${shot.description} (as edited)`,
        camera: shot.camera,
        durationSeconds: shot.durationSeconds,
        ...(shot.characters ? { characters: shot.characters.map(nameOf) } : {}),
        dialogue: shot.dialogue.map((line) => ({ ...line, speaker: nameOf(line.speaker) })),
        transition: shot.transition,
      })),
    };
  }
  const firstLine = scene.text.split('\n')[0]!.trim();
  return { heading: firstLine || 'NEW SCENE', location: firstLine || 'New place', timeOfDay: 'DAY', characters: [], shots: [{ description: scene.text.slice(0, 200) || 'A new scene.', camera: 'static medium shot', durationSeconds: 4, dialogue: [], transition: 'cut' }] };
}

function sceneChanges(
  units: readonly { unit: { hash: string; heading: string | undefined }; id: string }[],
  previous: { sources?: { id: string; hash: string; heading: string | null }[] } | undefined,
): SceneChange[] {
  const before = new Map((previous?.sources ?? []).map((source) => [source.id, source]));
  const changes: SceneChange[] = units.map(({ unit, id }) => {
    const old = before.get(id);
    return { sceneId: id, heading: unit.heading ?? null, change: !old ? 'new' : old.hash === unit.hash ? 'unchanged' : 'changed' };
  });
  const kept = new Set(units.map(({ id }) => id));
  for (const [id, source] of before) if (!kept.has(id)) changes.push({ sceneId: id, heading: source.heading, change: 'removed' });
  return changes;
}
