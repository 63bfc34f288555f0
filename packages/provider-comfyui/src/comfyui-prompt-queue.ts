import { setTimeout as delay } from 'node:timers/promises';
import { ApiCallError, CinemaError, type GeneratedFile, type ModelWarning } from '@cinema/core';
import type { ComfyClient, ComfyQueueItem } from './comfyui-client.js';
import { readHistoryEntry, type ComfyHistoryOutcome } from './comfyui-history.js';
import { promptIdFor, type CinemaExtraData, type ComfyUIOperation } from './comfyui-operation.js';
import { outputFilesOf, type ComfyNodeOutput, type ComfyOutputKind } from './comfyui-outputs.js';
import type { ComfyApiWorkflow, ComfyWorkKind } from './workflow-definition.js';
import { describeWorkflow, type LoadedWorkflow } from './workflow-loading.js';

/** What every ComfyUI model needs from its provider. */
export interface ComfyModelContext {
  readonly providerName: string;
  readonly client: ComfyClient;
  /** The workflow by name, read and its bindings checked; throws a ConfigError naming the file. */
  workflow(name: string, kind: ComfyWorkKind): LoadedWorkflow;
  /** Checks the workflow against the server's node classes (`GET /object_info`) as well. */
  validate(name: string, kind: ComfyWorkKind): Promise<void>;
  /** Dollars per GPU-second for the workflow (0 unless configured). */
  pricePerGpuSecond(name: string): number;
  /** Wait between polls when `doGenerate` polls by itself. */
  readonly pollIntervalMs: number;
  /** Sent as `client_id` when set, so ComfyUI sends this prompt's progress to that client only. */
  readonly clientId?: string;
}

/** Where a queued prompt stands. */
export type ComfyPromptStatus = { state: 'pending'; running: boolean } | ComfyHistoryOutcome;

/** How many finished prompts `doFind` reads when the server did not keep Cinema's prompt id. */
export const findHistoryDepth = 200;

/**
 * `POST /prompt` with the filled-in workflow, Cinema's prompt id for the job and the job's key in
 * `extra_data`. Returns the operation to keep, and a warning for outputs ComfyUI already refused.
 */
export async function submitPrompt(
  context: ComfyModelContext,
  workflow: LoadedWorkflow,
  graph: ComfyApiWorkflow,
  options: { idempotencyKey: string; headers?: Record<string, string>; abortSignal?: AbortSignal },
): Promise<{ operation: ComfyUIOperation; warnings: ModelWarning[] }> {
  const extraData: CinemaExtraData = { cinema: { idempotencyKey: options.idempotencyKey, workflow: workflow.name } };
  const accepted = await context.client.queuePrompt(
    {
      prompt: graph,
      prompt_id: promptIdFor(workflow.name, options.idempotencyKey),
      extra_data: { ...extraData },
      ...(context.clientId ? { client_id: context.clientId } : {}),
    },
    { what: ` for ${describeWorkflow(workflow)}`, ...(options.headers ? { headers: options.headers } : {}), ...(options.abortSignal ? { signal: options.abortSignal } : {}) },
  );
  if (typeof accepted?.prompt_id !== 'string' || accepted.prompt_id === '') {
    throw new ApiCallError({
      message: `ComfyUI POST /prompt for ${describeWorkflow(workflow)} answered without a prompt_id, so the prompt may or may not be queued. Check ComfyUI's queue before retrying.`,
      url: `${context.client.baseURL}/prompt`,
      category: 'invalid_response',
      isRetryable: false,
    });
  }
  const warnings: ModelWarning[] = [];
  const nodeErrors = accepted.node_errors && typeof accepted.node_errors === 'object' ? Object.keys(accepted.node_errors) : [];
  if (nodeErrors.length > 0) {
    warnings.push({ type: 'other', message: `ComfyUI queued ${describeWorkflow(workflow)} but will skip the outputs of nodes ${nodeErrors.join(', ')}, which failed validation: ${JSON.stringify(accepted.node_errors).slice(0, 300)}` });
  }
  return { operation: { workflow: workflow.name, promptId: accepted.prompt_id }, warnings };
}

function positionIn(queue: { queue_running?: ComfyQueueItem[]; queue_pending?: ComfyQueueItem[] }, promptId: string): { running: boolean } | undefined {
  if ((queue.queue_running ?? []).some((item) => item[1] === promptId)) return { running: true };
  return (queue.queue_pending ?? []).some((item) => item[1] === promptId) ? { running: false } : undefined;
}

/**
 * Where a prompt stands: finished (in the history), running or waiting (in the queue), or unknown
 * to the server. The history is read again after the queue, since ComfyUI moves a prompt from one
 * to the other at once: a prompt in neither was lost with a restart, and the error says the job
 * submits it again (core's orchestrator does so for a `not_found` error).
 */
export async function pollPrompt(context: ComfyModelContext, operation: ComfyUIOperation, abortSignal?: AbortSignal): Promise<ComfyPromptStatus> {
  const { client } = context;
  const finished = async () => {
    const entry = (await client.history(operation.promptId, abortSignal))[operation.promptId];
    return entry ? readHistoryEntry(entry, operation.promptId) : undefined;
  };
  const done = await finished();
  if (done) return done;
  const place = positionIn(await client.queue(abortSignal), operation.promptId);
  if (place) return { state: 'pending', ...place };
  const justDone = await finished();
  if (justDone) return justDone;
  throw new CinemaError({
    message:
      `ComfyUI at ${client.baseURL} no longer knows prompt ${operation.promptId} of workflow "${operation.workflow}": it is in neither its queue nor its history, ` +
      'so the server restarted (or its history was cleared) and the work was lost; the job submits it again',
    category: 'not_found',
    isRetryable: true,
  });
}

function isCinemaPrompt(item: unknown[] | undefined, promptId: string, idempotencyKey: string, workflow: string): boolean {
  if (!Array.isArray(item)) return false;
  if (item[1] === promptId) return true;
  const cinema = (item[3] as Partial<CinemaExtraData> | undefined)?.cinema;
  return cinema?.idempotencyKey === idempotencyKey && cinema.workflow === workflow;
}

/**
 * Finds the prompt a crash left unrecorded: the one ComfyUI accepted for this job's key before the
 * job store saved its id. Looks for Cinema's prompt id, or the key in `extra_data` (older servers
 * mint their own ids), in the queue, then by id in the history, then among the newest
 * `findHistoryDepth` finished prompts. A failed one counts as found: its status then fails the attempt.
 */
export async function findPrompt(
  context: ComfyModelContext,
  workflow: string,
  idempotencyKey: string,
  abortSignal?: AbortSignal,
): Promise<ComfyUIOperation | undefined> {
  const { client } = context;
  const promptId = promptIdFor(workflow, idempotencyKey);
  const queue = await client.queue(abortSignal);
  const queued = [...(queue.queue_running ?? []), ...(queue.queue_pending ?? [])].find((item) => isCinemaPrompt(item, promptId, idempotencyKey, workflow));
  if (queued) return { workflow, promptId: queued[1] };
  if ((await client.history(promptId, abortSignal))[promptId]) return { workflow, promptId };
  const recent = await client.recentHistory(findHistoryDepth, abortSignal);
  for (const [id, entry] of Object.entries(recent)) {
    if (isCinemaPrompt(entry.prompt, promptId, idempotencyKey, workflow)) return { workflow, promptId: id };
  }
  return undefined;
}

/**
 * Stops a prompt: taken out of the queue while it waits, interrupted while it runs (ComfyUI stops
 * only that prompt when told its id). A prompt that already finished, or that the server no longer
 * knows, needs nothing.
 */
export async function cancelPrompt(context: ComfyModelContext, operation: ComfyUIOperation): Promise<void> {
  const place = positionIn(await context.client.queue(), operation.promptId);
  if (!place) return;
  if (place.running) await context.client.interrupt(operation.promptId);
  else await context.client.deleteQueued([operation.promptId]);
}

/**
 * A pending `OperationStatus`: progress 0 while waiting in line, unknown while running. The
 * orchestrator's own schedule (`operationPollMs`) decides when to poll again.
 */
export function pendingStatus(status: Extract<ComfyPromptStatus, { state: 'pending' }>): { status: 'pending'; progress?: number } {
  return status.running ? { status: 'pending' } : { status: 'pending', progress: 0 };
}

/** The files of one kind a finished prompt made, as downloads from `GET /view` with the provider's headers. */
export function resultFiles(context: ComfyModelContext, workflow: LoadedWorkflow, outputs: Record<string, ComfyNodeOutput>, kind: ComfyOutputKind): GeneratedFile[] {
  const headers = Object.keys(context.client.headers).length > 0 ? { headers: { ...context.client.headers } } : {};
  return outputFilesOf(outputs, kind, workflow.definition.bindings.output?.nodeId).map(({ file, mediaType }) => ({ mediaType, url: context.client.viewURL(file), ...headers }));
}

/** The failure a finished prompt without a file of the kind asked for is. */
export function noOutputFailure(workflow: LoadedWorkflow, kind: ComfyOutputKind, outputs: Record<string, ComfyNodeOutput>) {
  const saved = Object.entries(outputs).map(([nodeId, output]) => `${nodeId}: ${Object.keys(output).join(', ')}`).join('; ') || 'nothing';
  return {
    status: 'failed' as const,
    message: `${describeWorkflow(workflow)} finished without ${kind === 'image' ? 'a picture' : kind === 'video' ? 'a video' : 'audio'} (its output nodes saved ${saved}). Check that its output node saves ${kind} files.`,
    isRetryable: false,
    category: 'invalid_request' as const,
  };
}

/** What a finished prompt cost: its GPU seconds at the workflow's price. */
export function costOf(context: ComfyModelContext, workflow: string, gpuSeconds: number | undefined): number {
  const price = context.pricePerGpuSecond(workflow);
  return price > 0 && gpuSeconds !== undefined ? gpuSeconds * price : 0;
}

/**
 * Polls until the prompt is done, for `doGenerate`; an abort takes the prompt out of ComfyUI's
 * queue (or interrupts it) before rejecting, so a local GPU does not keep drawing for nobody.
 */
export async function waitForPrompt(
  context: ComfyModelContext,
  operation: ComfyUIOperation,
  options: { abortSignal?: AbortSignal; pollIntervalMs?: number },
): Promise<ComfyHistoryOutcome> {
  try {
    for (;;) {
      const status = await pollPrompt(context, operation, options.abortSignal);
      if (status.state !== 'pending') return status;
      await delay(options.pollIntervalMs ?? context.pollIntervalMs, undefined, options.abortSignal ? { signal: options.abortSignal } : {});
    }
  } catch (error) {
    if (!options.abortSignal?.aborted) throw error;
    await cancelPrompt(context, operation).catch(() => undefined);
    throw new CinemaError({ message: `ComfyUI prompt ${operation.promptId} was abandoned (the call was aborted) and taken off the queue.`, category: 'cancelled', cause: error });
  }
}

/** The error `doGenerate` throws for a failed prompt. */
export function failureError(failure: { message: string; isRetryable?: boolean }): CinemaError {
  return new CinemaError({ message: failure.message, category: 'server', isRetryable: failure.isRetryable ?? false });
}
