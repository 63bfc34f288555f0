import { z } from 'zod';
import type { Job, JobSpec } from '../job-store/v1/index.js';
import { movieLayout } from '../movie/layout.js';
import type { JobContext, JobOutcome, PlanContext, Stage } from '../pipeline/v1/index.js';
import type { TextModelV1 } from '../provider/v1/index.js';
import { mergeScreenplay } from '../screenplay/merge-screenplay.js';
import { parseScreenplay } from '../screenplay/parse-screenplay.js';
import { type KnownScene, assignSceneIds } from '../screenplay/scene-ids.js';
import {
  parseWriterOutput,
  sceneDraftSchema,
  sceneWriterPrompt,
  screenplayOverviewSchema,
  type SceneDraft,
  type ScreenplayOverview,
} from '../screenplay/scene-draft.js';
import type { Screenplay } from '../screenplay/screenplay-schema.js';
import { splitScript } from '../screenplay/script-units.js';
import { hashJson } from '../util/hash.js';
import { jobKeys } from './job-keys.js';
import { costOf, reportWarnings } from './model-calls.js';
import { enhancerSystemPrompt, overviewSystemPrompt, sceneWriterSystemPrompt } from './prompts.js';
import { validateModel } from './stage-checks.js';

export interface ScreenplayBuilderOptions {
  /** Writes each scene's shot list, and the film's title, logline and look. */
  writer: TextModelV1;
  /** Optionally enriches every shot's visual prompt, scene by scene. */
  enhancer?: TextModelV1;
  /** Voices the speech model offers, handed to characters the writer gave none (or a taken one). Default: none. */
  voices?: readonly string[];
  /** Default: the run's `retry.maxAttempts`. */
  maxAttempts?: number;
}

const sceneJsonSchema = z.toJSONSchema(sceneDraftSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
const overviewJsonSchema = z.toJSONSchema(screenplayOverviewSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;

interface SceneJobInput {
  role: 'scene';
  model: string;
  enhancer: string | null;
  sceneId: string;
  format: 'fountain' | 'prose';
  text: string;
  [key: string]: string | null;
}

interface OverviewJobInput {
  role: 'overview';
  model: string;
  titlePage: string;
  [key: string]: string;
}

interface MergeJobInput {
  role: 'merge';
  /** The scene jobs in film order, with the unit each was written from. */
  scenes: { id: string; key: string; hash: string; heading: string | null }[];
  overview: string;
  [key: string]: unknown;
}

/** What the screenplay job keeps beside the screenplay: where each scene came from, for the next edit. */
interface ScreenplayResult {
  sources?: { id: string; hash: string; heading: string | null }[];
  /** Scenes cut from the script earlier, so one put back gets its id (and its jobs) back. */
  cutSources?: { id: string; hash: string; heading: string | null }[];
}

/**
 * The screenplay stage, scene by scene so an edit pays only for what changed: the script is split
 * into scenes by its own marks (`splitScript`); each scene is a writer job keyed by that scene's
 * text alone, with the id it had before (`assignSceneIds`); one overview job writes the title,
 * logline and look from the title page; and the `screenplay` job puts them together without a
 * model (`mergeScreenplay`), keeping every character's id and voice. Editing scene 7 re-runs
 * scene 7's writer and the free merge, nothing else of this stage.
 */
export class ScreenplayBuilder implements Stage {
  readonly specificationVersion = 'v1' as const;
  readonly name = 'screenplay';
  constructor(private readonly options: ScreenplayBuilderOptions) {}

  async validate() {
    await validateModel(this.name, this.options.writer);
    if (this.options.enhancer) await validateModel(this.name, this.options.enhancer);
  }

  plan(context: PlanContext): JobSpec[] {
    const { writer, enhancer, maxAttempts } = this.options;
    const split = splitScript(context.input.script);
    const previous = (context.results.get(jobKeys.screenplay) ?? null) as ScreenplayResult | null;
    const known: KnownScene[] = (previous?.sources ?? []).map((source) => ({ id: source.id, hash: source.hash, heading: source.heading ?? undefined }));
    const cut: KnownScene[] = (previous?.cutSources ?? []).map((source) => ({ id: source.id, hash: source.hash, heading: source.heading ?? undefined }));
    const ids = assignSceneIds(split.units, known, cut);
    const model = `${writer.provider}/${writer.modelId}`;
    const common = { stage: this.name, lane: writer.provider, priority: -100, maxAttempts };

    const overviewInput: OverviewJobInput = { role: 'overview', model, titlePage: split.titlePage };
    const overview: JobSpec = {
      ...common,
      key: jobKeys.screenplayOverview,
      input: overviewInput,
      inputHash: hashJson(overviewInput),
      dependsOn: [],
      estimatedCostUsd: writer.estimateCost?.({ prompt: context.input.script, system: overviewSystemPrompt }) ?? 0,
    };
    const scenes = split.units.map((unit, index): JobSpec => {
      const input: SceneJobInput = {
        role: 'scene',
        model,
        enhancer: enhancer ? `${enhancer.provider}/${enhancer.modelId}` : null,
        sceneId: ids[index]!,
        format: split.format,
        text: unit.text,
      };
      const prompt = sceneWriterPrompt({ format: split.format, text: unit.text });
      return {
        ...common,
        key: jobKeys.sceneBreakdown(ids[index]!),
        input,
        inputHash: hashJson(input),
        dependsOn: [],
        sceneId: ids[index]!,
        estimatedCostUsd:
          (writer.estimateCost?.({ prompt, system: sceneWriterSystemPrompt }) ?? 0) + (enhancer?.estimateCost?.({ prompt, system: enhancerSystemPrompt }) ?? 0),
      };
    });
    const mergeInput: MergeJobInput = {
      role: 'merge',
      overview: overview.key,
      scenes: split.units.map((unit, index) => ({ id: ids[index]!, key: scenes[index]!.key, hash: unit.hash, heading: unit.heading ?? null })),
      voices: [...(this.options.voices ?? [])],
    };
    const merge: JobSpec = {
      ...common,
      lane: 'local',
      key: jobKeys.screenplay,
      input: mergeInput as unknown as JobSpec['input'],
      inputHash: hashJson(mergeInput as unknown as JobSpec['input']),
      dependsOn: [overview.key, ...scenes.map((scene) => scene.key)],
      produces: { kind: 'screenplay' },
    };
    return [overview, ...scenes, merge];
  }

  async run(job: Job, context: JobContext): Promise<JobOutcome> {
    const role = (job.input as { role?: string }).role;
    if (role === 'overview') return this.writeOverview(context);
    if (role === 'scene') return this.writeScene(job.input as SceneJobInput, context);
    return this.merge(job, context);
  }

  private async writeOverview(context: JobContext): Promise<JobOutcome> {
    const { writer } = this.options;
    const result = await writer.doGenerate({
      system: overviewSystemPrompt,
      prompt: context.input.script,
      jsonSchema: overviewJsonSchema,
      schemaName: 'screenplay-overview',
      idempotencyKey: context.idempotencyKey,
      abortSignal: context.abortSignal,
    });
    reportWarnings(context, writer, result.warnings);
    const overview = parseWriterOutput(screenplayOverviewSchema, result.object, `overview from ${writer.provider}/${writer.modelId}`);
    return { outputs: [], result: overview, costUsd: costOf(result) };
  }

  private async writeScene(input: SceneJobInput, context: JobContext): Promise<JobOutcome> {
    const { writer, enhancer } = this.options;
    const previousHeading = previousSceneHeading(context.screenplay, input.sceneId);
    const written = await writer.doGenerate({
      system: sceneWriterSystemPrompt,
      prompt: sceneWriterPrompt({ format: input.format, previousHeading, text: input.text }),
      jsonSchema: sceneJsonSchema,
      schemaName: 'screenplay-scene',
      idempotencyKey: context.idempotencyKey,
      abortSignal: context.abortSignal,
    });
    reportWarnings(context, writer, written.warnings);
    let draft: SceneDraft = parseWriterOutput(sceneDraftSchema, written.object, `${input.sceneId} from ${writer.provider}/${writer.modelId}`);
    let costUsd = costOf(written);
    if (enhancer) {
      const enhanced = await enhancer.doGenerate({
        system: enhancerSystemPrompt,
        prompt: JSON.stringify(draft),
        jsonSchema: sceneJsonSchema,
        schemaName: 'screenplay-scene-enhancement',
        idempotencyKey: `${context.idempotencyKey}-enhance`,
        abortSignal: context.abortSignal,
      });
      reportWarnings(context, enhancer, enhanced.warnings);
      draft = parseWriterOutput(sceneDraftSchema, enhanced.object, `${input.sceneId} from ${enhancer.provider}/${enhancer.modelId}`);
      costUsd += costOf(enhanced);
    }
    return { outputs: [], result: draft as unknown as Job['result'], costUsd };
  }

  private async merge(job: Job, context: JobContext): Promise<JobOutcome> {
    const input = job.input as unknown as MergeJobInput;
    const overview = context.dependency(input.overview).result as unknown as ScreenplayOverview;
    const scenes = input.scenes.map((scene) => ({ id: scene.id, draft: context.dependency(scene.key).result as unknown as SceneDraft }));
    // The version this replaces (the job's result until it completes again) keeps the cast's ids and voices.
    const previous = job.result === null ? undefined : safeScreenplay(job.result);
    const screenplay: Screenplay = mergeScreenplay({ overview, scenes, previous, voices: this.options.voices });
    const output = await context.writeAsset(movieLayout.screenplay(), { mediaType: 'application/json', data: new TextEncoder().encode(JSON.stringify(screenplay, null, 2)) });
    const sources = input.scenes.map(({ id, hash, heading }) => ({ id, hash, heading }));
    const before = (job.result ?? {}) as ScreenplayResult;
    const kept = new Set(sources.map((source) => source.id));
    const cutSources = [...(before.sources ?? []), ...(before.cutSources ?? [])].filter((source, index, all) => !kept.has(source.id) && all.findIndex((other) => other.id === source.id) === index);
    return { outputs: [output], result: { ...screenplay, sources, cutSources } as unknown as Job['result'], costUsd: 0, replan: true };
  }
}

function safeScreenplay(value: unknown): Screenplay | undefined {
  try {
    return parseScreenplay(value);
  } catch {
    return undefined;
  }
}

/** The heading of the scene before `sceneId` in the screenplay as it stands, for the writer's context. */
function previousSceneHeading(screenplay: Screenplay | undefined, sceneId: string): string | undefined {
  if (!screenplay) return undefined;
  const index = screenplay.scenes.findIndex((scene) => scene.id === sceneId);
  return index > 0 ? screenplay.scenes[index - 1]!.heading : undefined;
}
