import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '@cinema/core';
import type { ComfyApiNode, ComfyApiWorkflow, ComfyWorkflowDefinition } from './workflow-definition.js';

/** A workflow read and checked for shape, with where it came from for messages. */
export interface LoadedWorkflow {
  /** The name it has in `createComfyUI({ workflows })`, which is also the model id. */
  readonly name: string;
  /** The file it was read from, or `(inline workflow)`. */
  readonly source: string;
  readonly graph: ComfyApiWorkflow;
  readonly definition: ComfyWorkflowDefinition;
}

/** How messages name a workflow: `workflow "flux" (workflows/flux.json)`. */
export function describeWorkflow(workflow: Pick<LoadedWorkflow, 'name' | 'source'>): string {
  return `workflow "${workflow.name}" (${workflow.source})`;
}

function sourceOf(definition: ComfyWorkflowDefinition): string {
  if (definition.file === undefined) return '(inline workflow)';
  return definition.file instanceof URL || definition.file.startsWith('file:') ? fileURLToPath(definition.file) : resolve(definition.file);
}

function isApiNode(value: unknown): value is ComfyApiNode {
  if (value == null || typeof value !== 'object') return false;
  const node = value as Record<string, unknown>;
  return typeof node.class_type === 'string' && node.inputs != null && typeof node.inputs === 'object' && !Array.isArray(node.inputs);
}

/** Checks that parsed JSON is an API-format workflow; the editor's own format is refused with the fix. */
export function parseApiWorkflow(value: unknown, workflow: Pick<LoadedWorkflow, 'name' | 'source'>): ComfyApiWorkflow {
  const where = describeWorkflow(workflow);
  const path = `workflows.${workflow.name}`;
  if (value == null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError({ message: `${where} is not a ComfyUI workflow: expected a JSON object of nodes by id.`, path });
  }
  const record = value as Record<string, unknown>;
  if (Array.isArray(record.nodes) && Array.isArray(record.links)) {
    throw new ConfigError({
      message:
        `${where} is in the ComfyUI editor's format (it has "nodes" and "links"), not the API format Cinema sends. ` +
        'In ComfyUI, open the workflow and use Workflow → Export (API), then point Cinema at that file.',
      path,
    });
  }
  const ids = Object.keys(record);
  if (ids.length === 0) throw new ConfigError({ message: `${where} has no nodes.`, path });
  for (const id of ids) {
    if (!isApiNode(record[id])) {
      throw new ConfigError({
        message: `${where}: node "${id}" is not an API-format node (expected {"class_type": "...", "inputs": {...}}). Export the workflow again with Workflow → Export (API).`,
        path,
      });
    }
  }
  return record as ComfyApiWorkflow;
}

/** Reads a workflow's file (or takes its inline JSON) and checks its shape. Throws a ConfigError naming the file. */
export function loadWorkflow(name: string, definition: ComfyWorkflowDefinition): LoadedWorkflow {
  const source = sourceOf(definition);
  const where = describeWorkflow({ name, source });
  if (definition.workflow === undefined && definition.file === undefined) {
    throw new ConfigError({ message: `${where} has neither a file nor a workflow: set file to the JSON you exported with Export (API).`, path: `workflows.${name}` });
  }
  let value: unknown = definition.workflow;
  if (value === undefined) {
    let text: string;
    try {
      text = readFileSync(source, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new ConfigError({ message: `${where} could not be read${code ? ` (${code})` : ''}: check the path; a relative path is read from ${process.cwd()}.`, path: `workflows.${name}.file`, cause: error });
    }
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new ConfigError({ message: `${where} is not valid JSON (${(error as Error).message}).`, path: `workflows.${name}.file`, cause: error });
    }
  }
  return { name, source, graph: parseApiWorkflow(value, { name, source }), definition };
}
