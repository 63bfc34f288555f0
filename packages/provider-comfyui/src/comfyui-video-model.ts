import {
  UnsupportedFunctionalityError,
  type OperationStatus,
  type StartedOperation,
  type VideoModelV1,
  type VideoModelV1CallOptions,
  type VideoModelV1Capabilities,
  type VideoModelV1Result,
} from '@cinema/core';
import type { ComfyHistoryOutcome } from './comfyui-history.js';
import { ComfyUIModelBase } from './comfyui-model-base.js';
import { costOf, noOutputFailure, resultFiles, type ComfyModelContext } from './comfyui-prompt-queue.js';
import { PromptBuilder } from './prompt-builder.js';
import { videoCapabilitiesOf } from './workflow-capabilities.js';
import type { ComfyWorkflowDefinition } from './workflow-definition.js';
import { frameCountFor, setInput } from './workflow-graph.js';
import { describeWorkflow } from './workflow-loading.js';

/**
 * Clips from one of the user's ComfyUI workflows. What it can make follows from the workflow's
 * bindings: a first-frame binding makes it image-to-video, a last-frame binding as well makes it
 * first+last-frame, neither text-to-video.
 */
export class ComfyUIVideoModel extends ComfyUIModelBase<VideoModelV1Result> implements VideoModelV1 {
  readonly capabilities: VideoModelV1Capabilities;

  constructor(modelId: string, definition: ComfyWorkflowDefinition, context: ComfyModelContext) {
    super(modelId, definition, context, 'video');
    this.capabilities = videoCapabilitiesOf(definition);
  }

  /** The shortest offered length not shorter than asked (else the longest), with a warning when it differs. */
  private chooseDuration(asked: number, builder: PromptBuilder): number {
    const offered = [...this.capabilities.durations].sort((a, b) => a - b);
    const chosen = offered.find((duration) => duration >= asked - 1e-9) ?? offered[offered.length - 1]!;
    if (chosen !== asked) {
      builder.warnings.push({ type: 'unsupported-setting', setting: 'durationSeconds', message: `${builder.where} makes clips of ${offered.join(', ')} s; asked ${asked} s, making ${chosen} s.` });
    }
    return chosen;
  }

  /** The filled-in workflow for a call, with frames and references uploaded. */
  async prepare(options: VideoModelV1CallOptions): Promise<PromptBuilder> {
    const workflow = this.context.workflow(this.modelId, 'video');
    const { bindings } = workflow.definition;
    const builder = new PromptBuilder(workflow).text(options.prompt).seed(options.seed, options.idempotencyKey);
    builder.size(options, this.capabilities.aspectRatios);

    const seconds = this.chooseDuration(options.durationSeconds, builder);
    if (bindings.frameCount) setInput(builder.graph, bindings.frameCount, frameCountFor(seconds, bindings.frameCount));
    if (bindings.durationSeconds) setInput(builder.graph, bindings.durationSeconds, seconds);

    const { firstFrame, lastFrame } = options;
    if (bindings.firstFrame) {
      if (!firstFrame) {
        throw new UnsupportedFunctionalityError({
          message: `${describeWorkflow(workflow)} makes clips from a first frame (bindings.firstFrame) and this ${options.mode} call has none. Give it a first frame, or use a text-to-video workflow.`,
        });
      }
      await builder.images(this.context.client, [bindings.firstFrame], [firstFrame], 'firstFrame', options.abortSignal);
    } else if (firstFrame) {
      builder.warnings.push({ type: 'unsupported-setting', setting: 'firstFrame', message: `${builder.where} has no firstFrame binding; the clip is made from the prompt alone.` });
    }
    if (bindings.lastFrame) {
      const last = lastFrame ?? firstFrame;
      if (!lastFrame) builder.warnings.push({ type: 'unsupported-setting', setting: 'lastFrame', message: `${builder.where} needs a last frame and this call has none; the clip ends on its first frame.` });
      await builder.images(this.context.client, [bindings.lastFrame], last ? [last] : [], 'lastFrame', options.abortSignal);
    } else if (lastFrame) {
      builder.warnings.push({ type: 'unsupported-setting', setting: 'lastFrame', message: `${builder.where} has no lastFrame binding, so it cannot end on a given frame; the last frame was not sent.` });
    }
    return builder.images(this.context.client, bindings.referenceImages ?? [], options.referenceImages, 'referenceImages', options.abortSignal);
  }

  async doStart(options: VideoModelV1CallOptions): Promise<StartedOperation> {
    return this.queue(() => this.prepare(options), options);
  }

  protected finish(outcome: ComfyHistoryOutcome): OperationStatus<VideoModelV1Result> {
    if (outcome.state === 'failed') return { status: 'failed', message: outcome.message, isRetryable: outcome.isRetryable, category: 'server' };
    const workflow = this.context.workflow(this.modelId, 'video');
    const [video] = resultFiles(this.context, workflow, outcome.outputs, 'video');
    if (!video) return noOutputFailure(workflow, 'video', outcome.outputs);
    return { status: 'completed', result: { video, costUsd: costOf(this.context, this.modelId, outcome.gpuSeconds) } };
  }

  /** The GPU price × the workflow's estimated GPU seconds per clip (120 unless it says); 0 unless a price is set. */
  estimateCost(): number {
    return this.estimate(120);
  }
}
