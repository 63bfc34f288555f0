import type { OperationStatus, SpeechModelV1, SpeechModelV1CallOptions, SpeechModelV1Result, StartedOperation } from '@cinema/core';
import type { ComfyHistoryOutcome } from './comfyui-history.js';
import { ComfyUIModelBase } from './comfyui-model-base.js';
import { costOf, noOutputFailure, resultFiles, type ComfyModelContext } from './comfyui-prompt-queue.js';
import { PromptBuilder } from './prompt-builder.js';
import type { ComfyWorkflowDefinition } from './workflow-definition.js';
import { setInput } from './workflow-graph.js';

/** Lines of dialogue from one of the user's ComfyUI workflows that saves audio (a text-to-speech custom node). */
export class ComfyUISpeechModel extends ComfyUIModelBase<SpeechModelV1Result> implements SpeechModelV1 {
  /** The workflow's `voices`, when it lists them. */
  readonly voices?: readonly string[];

  constructor(modelId: string, definition: ComfyWorkflowDefinition, context: ComfyModelContext) {
    super(modelId, definition, context, 'speech');
    if (definition.voices) this.voices = [...definition.voices];
  }

  /** The filled-in workflow for a line. */
  prepare(options: SpeechModelV1CallOptions): PromptBuilder {
    const workflow = this.context.workflow(this.modelId, 'speech');
    const { bindings } = workflow.definition;
    const builder = new PromptBuilder(workflow).seed(undefined, options.idempotencyKey);
    setInput(builder.graph, bindings.text!, options.text);
    if (options.voice !== undefined) {
      if (bindings.voice) setInput(builder.graph, bindings.voice, options.voice);
      else builder.warnings.push({ type: 'unsupported-setting', setting: 'voice', message: `${builder.where} has no voice binding; voice "${options.voice}" was not sent.` });
    }
    if (options.instructions) {
      builder.warnings.push({ type: 'unsupported-setting', setting: 'instructions', message: `${builder.where} takes no delivery instructions; "${options.instructions}" was not sent.` });
    }
    return builder;
  }

  async doStart(options: SpeechModelV1CallOptions): Promise<StartedOperation> {
    return this.queue(() => this.prepare(options), options);
  }

  protected finish(outcome: ComfyHistoryOutcome): OperationStatus<SpeechModelV1Result> {
    if (outcome.state === 'failed') return { status: 'failed', message: outcome.message, isRetryable: outcome.isRetryable, category: 'server' };
    const workflow = this.context.workflow(this.modelId, 'speech');
    const [audio] = resultFiles(this.context, workflow, outcome.outputs, 'audio');
    if (!audio) return noOutputFailure(workflow, 'audio', outcome.outputs);
    return { status: 'completed', result: { audio, costUsd: costOf(this.context, this.modelId, outcome.gpuSeconds) } };
  }

  /** Queues and polls in one call, for scripts that do not use the orchestrator. */
  async doGenerate(options: SpeechModelV1CallOptions & { pollIntervalMs?: number }): Promise<SpeechModelV1Result> {
    return this.generate(await this.doStart(options), options);
  }

  /** The GPU price × the workflow's estimated GPU seconds (10 unless it says); 0 unless a price is set. */
  estimateCost(): number {
    return this.estimate(10);
  }
}
