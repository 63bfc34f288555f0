import { ApiCallError, type FindOptions, type JsonValue, type ModelWarning, type OperationStatus, type StartedOperation } from '@cinema/core';
import type { ComfyHistoryOutcome } from './comfyui-history.js';
import { parseComfyOperation } from './comfyui-operation.js';
import { cancelPrompt, failureError, findPrompt, pendingStatus, pollPrompt, submitPrompt, waitForPrompt, type ComfyModelContext } from './comfyui-prompt-queue.js';
import type { PromptBuilder } from './prompt-builder.js';
import type { ComfyWorkKind, ComfyWorkflowDefinition } from './workflow-definition.js';

/** The options of every model call that the queue needs. */
interface QueueCallOptions {
  idempotencyKey: string;
  headers?: Record<string, string>;
  abortSignal?: AbortSignal;
}

/**
 * What image, video and speech models share: queueing a filled-in workflow, reading its status
 * from the history, finding a prompt a crash left unrecorded, and cancelling. Each kind fills the
 * workflow (`prepare`) and reads its own files from a finished prompt (`finish`).
 */
export abstract class ComfyUIModelBase<Result extends { warnings?: ModelWarning[] }> {
  readonly specificationVersion = 'v1' as const;
  readonly provider: string;
  /** The workflow's name in `createComfyUI({ workflows })`. */
  readonly modelId: string;

  constructor(
    modelId: string,
    protected readonly definition: ComfyWorkflowDefinition,
    protected readonly context: ComfyModelContext,
    protected readonly kind: ComfyWorkKind,
  ) {
    this.modelId = modelId;
    this.provider = context.providerName;
  }

  /** Reads the workflow, checks its bindings and asks the server whether it has every node (`GET /object_info`). */
  validate(): Promise<void> {
    return this.context.validate(this.modelId, this.kind);
  }

  /** The result of a finished prompt, or the failure its outcome is. */
  protected abstract finish(outcome: ComfyHistoryOutcome): OperationStatus<Result>;

  /**
   * Queues what `prepare` fills in; the operation keeps the prompt id. Uploads are sent once per
   * provider, so when the server refuses a prompt because an uploaded picture is gone (a hosted
   * ComfyUI that lost its input folder) they are sent again and the prompt once more: a refused
   * prompt was never queued, so nothing runs twice.
   */
  protected async queue(prepare: () => Promise<PromptBuilder> | PromptBuilder, options: QueueCallOptions): Promise<StartedOperation> {
    options.abortSignal?.throwIfAborted();
    let prepared = await prepare();
    let submitted;
    try {
      submitted = await submitPrompt(this.context, prepared.workflow, prepared.graph, options);
    } catch (error) {
      if (!ApiCallError.isInstance(error) || error.statusCode !== 400 || !/Invalid image file: cinema-/.test(error.responseBody ?? '')) throw error;
      this.context.client.forgetUploads();
      prepared = await prepare();
      submitted = await submitPrompt(this.context, prepared.workflow, prepared.graph, options);
    }
    const all = [...prepared.warnings, ...submitted.warnings];
    return { operation: { ...submitted.operation }, ...(all.length > 0 ? { warnings: all } : {}) };
  }

  async doStatus(options: { operation: JsonValue; abortSignal?: AbortSignal }): Promise<OperationStatus<Result>> {
    const status = await pollPrompt(this.context, parseComfyOperation(options.operation), options.abortSignal);
    return status.state === 'pending' ? pendingStatus(status) : this.finish(status);
  }

  /** Finds the prompt a crash left unrecorded (see `findPrompt`). */
  async doFind(options: QueueCallOptions & FindOptions): Promise<StartedOperation | undefined> {
    const found = await findPrompt(this.context, this.modelId, options.idempotencyKey, options.abortSignal);
    return found ? { operation: { ...found } } : undefined;
  }

  async doCancel(options: { operation: JsonValue }): Promise<void> {
    await cancelPrompt(this.context, parseComfyOperation(options.operation));
  }

  /** Queues and polls until done, for `doGenerate`. */
  protected async generate(started: StartedOperation, options: { abortSignal?: AbortSignal; pollIntervalMs?: number }): Promise<Result> {
    const status = this.finish(await waitForPrompt(this.context, parseComfyOperation(started.operation), options));
    if (status.status !== 'completed') throw failureError(status as { message: string; isRetryable?: boolean });
    const warnings = started.warnings ?? [];
    return { ...status.result, ...(warnings.length > 0 ? { warnings } : {}) };
  }

  /** The GPU price × the workflow's estimated GPU seconds (`fallbackSeconds` unless it says); 0 unless a price is set. */
  protected estimate(fallbackSeconds: number): number {
    return this.context.pricePerGpuSecond(this.modelId) * (this.definition.estimatedGpuSeconds ?? fallbackSeconds);
  }
}
