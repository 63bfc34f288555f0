import { createHash } from 'node:crypto';
import { CinemaError, type JsonValue } from '@cinema/core';

/**
 * The JSON the job store keeps for a queued prompt: which workflow, and the prompt id ComfyUI
 * answered with. Nothing secret: headers are the provider's, applied again on every poll.
 */
export interface ComfyUIOperation {
  workflow: string;
  promptId: string;
}

/** Reads an operation back from the job store, checking its shape. */
export function parseComfyOperation(operation: JsonValue): ComfyUIOperation {
  if (operation != null && typeof operation === 'object' && !Array.isArray(operation)) {
    const { workflow, promptId } = operation as Record<string, JsonValue>;
    if (typeof workflow === 'string' && typeof promptId === 'string' && promptId !== '') return { workflow, promptId };
  }
  throw new CinemaError({
    message: `Not a ComfyUI operation: ${JSON.stringify(operation)?.slice(0, 200)}. Expected {"workflow","promptId"} as doStart returns it; the job row may belong to another provider.`,
    category: 'input',
  });
}

/**
 * The prompt id Cinema asks ComfyUI to use for a job's submission: a UUID derived from the
 * workflow and the job's idempotency key, so that after a crash the same submission can be looked
 * up by id. Recent ComfyUI versions keep a client's `prompt_id`; older servers mint their own, and
 * the submission is then found by the key Cinema puts in `extra_data`.
 */
export function promptIdFor(workflow: string, idempotencyKey: string): string {
  const hex = createHash('sha256').update(`${workflow}\n${idempotencyKey}`).digest('hex');
  const variant = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** What Cinema puts in a prompt's `extra_data`, so its own submissions can be told apart. */
export interface CinemaExtraData {
  cinema: { idempotencyKey: string; workflow: string };
}
