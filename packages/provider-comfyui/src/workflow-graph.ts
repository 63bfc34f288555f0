import { createHash } from 'node:crypto';
import type { ComfyApiWorkflow, ComfyFrameCountBinding, ComfyNodeInput } from './workflow-definition.js';

/** A copy of the workflow to fill in for one call; the loaded workflow is never changed. */
export function copyGraph(graph: ComfyApiWorkflow): ComfyApiWorkflow {
  return structuredClone(graph);
}

/** Sets one node input (the binding was checked to name a node of this workflow). */
export function setInput(graph: ComfyApiWorkflow, target: ComfyNodeInput, value: unknown): void {
  graph[target.nodeId]!.inputs[target.input] = value;
}

/** Sets every input a binding of one or several inputs names. */
export function setInputs(graph: ComfyApiWorkflow, targets: ComfyNodeInput | ComfyNodeInput[] | undefined, value: unknown): void {
  if (targets === undefined) return;
  for (const target of Array.isArray(targets) ? targets : [targets]) setInput(graph, target, value);
}

/** The workflow's own number at an input, when it holds one (not a link). */
export function numberAt(graph: ComfyApiWorkflow, target: ComfyNodeInput | undefined): number | undefined {
  if (target === undefined) return undefined;
  const value = graph[target.nodeId]?.inputs[target.input];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/**
 * A seed for a call that brought none, derived from the job's idempotency key: the same on a
 * resubmission of the same job, different between jobs. Fits the 32-bit range every sampler takes.
 */
export function seedFromKey(idempotencyKey: string): number {
  return Number.parseInt(createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 8), 16);
}

/**
 * Frames for a clip of `seconds`: seconds × frames per second, raised to the next multiple plus one
 * when the model needs that shape (Wan: 4n + 1, so 5 s at 16 fps is 81 frames).
 */
export function frameCountFor(seconds: number, binding: ComfyFrameCountBinding): number {
  const framesPerSecond = binding.framesPerSecond ?? 16;
  const frames = Math.max(1, Math.round(seconds * framesPerSecond));
  const multiple = binding.multipleOf;
  if (multiple === undefined || multiple <= 1) return frames;
  return Math.ceil((frames - 1) / multiple) * multiple + 1;
}
