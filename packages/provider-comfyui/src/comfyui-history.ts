import type { ComfyNodeOutput } from './comfyui-outputs.js';

/**
 * One entry of `GET /history`: the queue item it ran (`[number, prompt_id, prompt, extra_data,
 * outputs_to_execute]`), each output node's files, and how it ended, with the execution messages
 * (`[name, data]` pairs that carry ms timestamps).
 */
export interface ComfyHistoryEntry {
  prompt?: unknown[];
  outputs?: Record<string, ComfyNodeOutput>;
  status?: {
    status_str?: 'success' | 'error';
    completed?: boolean;
    messages?: [string, Record<string, unknown>][];
  } | null;
}

/** How a finished prompt ended. */
export type ComfyHistoryOutcome =
  | { state: 'completed'; outputs: Record<string, ComfyNodeOutput>; gpuSeconds: number | undefined }
  | { state: 'failed'; message: string; isRetryable: boolean };

function message(entry: ComfyHistoryEntry, name: string): Record<string, unknown> | undefined {
  return entry.status?.messages?.find((item) => Array.isArray(item) && item[0] === name)?.[1];
}

/** Whether an execution error is one that may pass on another try (the GPU ran out of memory). */
function isTransient(text: string): boolean {
  return /out of memory|allocation on device|cuda error|device-side assert|connection (reset|aborted)/i.test(text);
}

/** Reads how a prompt in the history ended: its outputs and the GPU time it took, or why it failed. */
export function readHistoryEntry(entry: ComfyHistoryEntry, promptId: string): ComfyHistoryOutcome {
  const status = entry.status;
  const failure = message(entry, 'execution_error');
  const interrupted = message(entry, 'execution_interrupted');
  if (failure || interrupted || status?.status_str === 'error') {
    const data = failure ?? interrupted ?? {};
    const node = data.node_id !== undefined ? ` at node ${String(data.node_id)}${data.node_type ? ` (${String(data.node_type)})` : ''}` : '';
    if (interrupted && !failure) {
      return { state: 'failed', message: `ComfyUI prompt ${promptId} was interrupted${node} (someone pressed Cancel or called /interrupt). Run the job again with cinema retry.`, isRetryable: false };
    }
    const reason = typeof data.exception_message === 'string' && data.exception_message.trim() !== '' ? data.exception_message.trim() : 'ComfyUI reported an error without a message';
    const type = typeof data.exception_type === 'string' ? ` [${data.exception_type}]` : '';
    return { state: 'failed', message: `ComfyUI prompt ${promptId} failed${node}: ${reason}${type}`, isRetryable: isTransient(reason) };
  }
  const started = message(entry, 'execution_start')?.timestamp;
  const finished = message(entry, 'execution_success')?.timestamp;
  const gpuSeconds = typeof started === 'number' && typeof finished === 'number' && finished >= started ? (finished - started) / 1000 : undefined;
  return { state: 'completed', outputs: entry.outputs ?? {}, gpuSeconds };
}
