import {
  UnsupportedFunctionalityError,
  type ImageModelV1,
  type ImageModelV1CallOptions,
  type ImageModelV1Capabilities,
  type ImageModelV1Result,
  type OperationStatus,
  type StartedOperation,
} from '@cinema/core';
import type { ComfyHistoryOutcome } from './comfyui-history.js';
import { ComfyUIModelBase } from './comfyui-model-base.js';
import { costOf, noOutputFailure, resultFiles, type ComfyModelContext } from './comfyui-prompt-queue.js';
import { PromptBuilder } from './prompt-builder.js';
import { imageCapabilitiesOf } from './workflow-capabilities.js';
import type { ComfyWorkflowDefinition } from './workflow-definition.js';
import { describeWorkflow } from './workflow-loading.js';

/**
 * Pictures from one of the user's ComfyUI workflows. `doStart` queues the filled-in workflow and
 * `doStatus` reads the history, so a killed run re-attaches to the prompt by its id;
 * `doGenerate` does both in one call.
 */
export class ComfyUIImageModel extends ComfyUIModelBase<ImageModelV1Result> implements ImageModelV1 {
  readonly capabilities: ImageModelV1Capabilities;

  constructor(modelId: string, definition: ComfyWorkflowDefinition, context: ComfyModelContext) {
    super(modelId, definition, context, 'image');
    this.capabilities = imageCapabilitiesOf(definition);
  }

  /** The filled-in workflow for a call, with its references uploaded. */
  async prepare(options: ImageModelV1CallOptions): Promise<PromptBuilder> {
    const workflow = this.context.workflow(this.modelId, 'image');
    const slots = workflow.definition.bindings.referenceImages ?? [];
    if (slots.length > 0 && options.referenceImages.length === 0) {
      throw new UnsupportedFunctionalityError({
        message: `${describeWorkflow(workflow)} edits reference images (bindings.referenceImages) and this call has none. Use a text-to-image workflow for pictures from text alone.`,
      });
    }
    const builder = new PromptBuilder(workflow).text(options.prompt, options.negativePrompt).seed(options.seed, options.idempotencyKey);
    builder.size(options, this.capabilities.aspectRatios);
    return builder.images(this.context.client, slots, options.referenceImages, 'referenceImages', options.abortSignal);
  }

  async doStart(options: ImageModelV1CallOptions): Promise<StartedOperation> {
    return this.queue(() => this.prepare(options), options);
  }

  protected finish(outcome: ComfyHistoryOutcome): OperationStatus<ImageModelV1Result> {
    if (outcome.state === 'failed') return { status: 'failed', message: outcome.message, isRetryable: outcome.isRetryable, category: 'server' };
    const workflow = this.context.workflow(this.modelId, 'image');
    const images = resultFiles(this.context, workflow, outcome.outputs, 'image');
    if (images.length === 0) return noOutputFailure(workflow, 'image', outcome.outputs);
    return { status: 'completed', result: { images, costUsd: costOf(this.context, this.modelId, outcome.gpuSeconds) } };
  }

  /** Queues and polls in one call, for scripts that do not use the orchestrator. */
  async doGenerate(options: ImageModelV1CallOptions & { pollIntervalMs?: number }): Promise<ImageModelV1Result> {
    return this.generate(await this.doStart(options), options);
  }

  /** The GPU price × the workflow's estimated GPU seconds (30 unless it says); 0 unless a price is set. */
  estimateCost(): number {
    return this.estimate(30);
  }
}
