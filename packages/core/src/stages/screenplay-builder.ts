import { z } from 'zod';
import { validateModel } from './stage-checks.js';
import type { Job, JobSpec } from '../job-store/v1/index.js';
import type { TextModelV1 } from '../provider/v1/index.js';
import { parseScreenplay } from '../screenplay/parse-screenplay.js';
import { screenplaySchema, type Screenplay } from '../screenplay/screenplay-schema.js';
import type { JobContext, JobOutcome, PlanContext, Stage } from '../pipeline/v1/index.js';
import { movieLayout } from '../movie/layout.js';
import { hashJson } from '../util/hash.js';
import { jobKeys } from './job-keys.js';
import { costOf, reportWarnings } from './model-calls.js';
import { enhancerSystemPrompt, writerSystemPrompt } from './prompts.js';

export interface ScreenplayBuilderOptions {
  /** Turns the script into a screenplay. */
  writer: TextModelV1;
  /** Optionally enriches every shot's visual prompt. */
  enhancer?: TextModelV1;
  /** Default: 3. */
  maxAttempts?: number;
}

const screenplayJsonSchema = z.toJSONSchema(screenplaySchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;

/** The screenplay stage: a writer job, and an enhancer job after it when an enhancer is configured. */
export class ScreenplayBuilder implements Stage {
  readonly specificationVersion = 'v1' as const;
  readonly name = 'screenplay';
  constructor(private readonly options: ScreenplayBuilderOptions) {}

  async validate() {
    await validateModel(this.name, this.options.writer);
    if (this.options.enhancer) await validateModel(this.name, this.options.enhancer);
  }

  plan(context: PlanContext) {
    const { writer, enhancer, maxAttempts } = this.options;
    const writerKey = enhancer ? jobKeys.screenplayDraft : jobKeys.screenplay;
    const writerInput = { role: 'writer', model: `${writer.provider}/${writer.modelId}`, scriptHash: hashJson(context.input.script) };
    const specs: JobSpec[] = [
      {
        key: writerKey,
        stage: this.name,
        lane: writer.provider,
        input: writerInput,
        inputHash: hashJson(writerInput),
        dependsOn: [],
        priority: -100,
        maxAttempts,
        estimatedCostUsd: writer.estimateCost?.({ prompt: context.input.script, system: writerSystemPrompt }) ?? 0,
        ...(enhancer ? {} : { produces: { kind: 'screenplay' } }),
      },
    ];
    if (enhancer) {
      const enhancerInput = { role: 'enhancer', model: `${enhancer.provider}/${enhancer.modelId}` };
      specs.push({
        key: jobKeys.screenplay,
        stage: this.name,
        lane: enhancer.provider,
        input: enhancerInput,
        inputHash: hashJson(enhancerInput),
        dependsOn: [writerKey],
        priority: -100,
        maxAttempts,
        estimatedCostUsd: enhancer.estimateCost?.({ prompt: context.input.script, system: enhancerSystemPrompt }) ?? 0,
        produces: { kind: 'screenplay' },
      });
    }
    return specs;
  }

  async run(job: Job, context: JobContext): Promise<JobOutcome> {
    const enhancing = (job.input as { role: string }).role === 'enhancer';
    const model = enhancing ? this.options.enhancer! : this.options.writer;
    const prompt = enhancing ? JSON.stringify(context.dependency(jobKeys.screenplayDraft).result) : context.input.script;
    const result = await model.doGenerate({
      system: enhancing ? enhancerSystemPrompt : writerSystemPrompt,
      prompt,
      jsonSchema: screenplayJsonSchema,
      schemaName: enhancing ? 'screenplay-enhancement' : 'screenplay',
      idempotencyKey: context.idempotencyKey,
      abortSignal: context.abortSignal,
    });
    reportWarnings(context, model, result.warnings);
    const screenplay: Screenplay = parseScreenplay(result.object, `screenplay from ${model.provider}/${model.modelId}`);
    const path = job.key === jobKeys.screenplay ? movieLayout.screenplay() : 'screenplay.draft.json';
    const output = await context.writeAsset(path, { mediaType: 'application/json', data: new TextEncoder().encode(JSON.stringify(screenplay, null, 2)) });
    return { outputs: [output], result: screenplay as unknown as Job['result'], costUsd: costOf(result), replan: true };
  }

}
