import { ConfigError } from '@cinema/core';
import type { ComfyNodeInput, ComfyWorkKind, ComfyWorkflowBindings } from './workflow-definition.js';
import { describeWorkflow, type LoadedWorkflow } from './workflow-loading.js';

/** One binding with its path in the config (`bindings.referenceImages.1`). */
export interface NamedBinding {
  path: string;
  target: ComfyNodeInput;
}

/** What `GET /object_info` says about one node class (the parts Cinema reads). */
export interface ComfyNodeClassInfo {
  input?: { required?: Record<string, unknown>; optional?: Record<string, unknown>; hidden?: Record<string, unknown> };
  output_node?: boolean;
  display_name?: string;
}

/** `GET /object_info`: every node class the server has, by class name. */
export type ComfyObjectInfo = Record<string, ComfyNodeClassInfo>;

const single = (path: string, target: ComfyNodeInput | undefined): NamedBinding[] => (target ? [{ path, target }] : []);
const several = (path: string, targets: ComfyNodeInput | ComfyNodeInput[] | undefined): NamedBinding[] =>
  targets === undefined ? [] : Array.isArray(targets) ? targets.map((target, index) => ({ path: `${path}.${index}`, target })) : [{ path, target: targets }];

/** Every node input a workflow's bindings write to, with its config path. */
export function namedBindings(bindings: ComfyWorkflowBindings): NamedBinding[] {
  return [
    ...several('bindings.prompt', bindings.prompt),
    ...single('bindings.negativePrompt', bindings.negativePrompt),
    ...several('bindings.seed', bindings.seed),
    ...single('bindings.width', bindings.width),
    ...single('bindings.height', bindings.height),
    ...single('bindings.frameCount', bindings.frameCount),
    ...single('bindings.durationSeconds', bindings.durationSeconds),
    ...several('bindings.referenceImages', bindings.referenceImages),
    ...single('bindings.firstFrame', bindings.firstFrame),
    ...single('bindings.lastFrame', bindings.lastFrame),
    ...single('bindings.text', bindings.text),
    ...single('bindings.voice', bindings.voice),
  ];
}

const isLink = (value: unknown): value is [string, number] => Array.isArray(value) && value.length === 2 && typeof value[1] === 'number';

function nodeList(workflow: LoadedWorkflow): string {
  const entries = Object.entries(workflow.graph).map(([id, node]) => `${id} (${node.class_type})`);
  return entries.length > 12 ? `${entries.slice(0, 12).join(', ')}, …` : entries.join(', ');
}

function fail(workflow: LoadedWorkflow, path: string, message: string): never {
  throw new ConfigError({ message: `${describeWorkflow(workflow)}: ${message}`, path: `workflows.${workflow.name}.${path}` });
}

/**
 * Checks a workflow's bindings against the workflow itself, without the server: the binding the
 * kind needs is there, every bound node exists, and no bound input is wired to another node (a
 * value set there would be ignored). Throws a ConfigError naming the file, the node and the field.
 */
export function checkBindings(workflow: LoadedWorkflow, kind: ComfyWorkKind): void {
  const { bindings } = workflow.definition;
  const needed = kind === 'speech' ? 'text' : 'prompt';
  if (bindings[needed] === undefined) {
    const example = kind === 'speech' ? "{ text: { nodeId: '3', input: 'text' } }" : "{ prompt: { nodeId: '6', input: 'text' } }";
    fail(workflow, `bindings.${needed}`, `has no ${needed} binding, so Cinema cannot tell it what to ${kind === 'speech' ? 'say' : 'draw'}. Name the node input that takes it, e.g. bindings: ${example}.`);
  }
  if ((bindings.width === undefined) !== (bindings.height === undefined)) {
    fail(workflow, bindings.width === undefined ? 'bindings.width' : 'bindings.height', 'binds only one of width and height; bind both, or neither to keep the workflow\'s own size.');
  }
  for (const { path, target } of namedBindings(bindings)) {
    const node = workflow.graph[target.nodeId];
    if (!node) fail(workflow, path, `${path} names node "${target.nodeId}", which is not in the workflow. Its nodes: ${nodeList(workflow)}.`);
    const value = node.inputs[target.input];
    if (isLink(value)) {
      fail(
        workflow,
        path,
        `${path} points at node ${target.nodeId} (${node.class_type}) input "${target.input}", which is wired to node ${value[0]}'s output, so a value set there is ignored. Bind the input that holds the value instead${path.includes('Image') || path.includes('Frame') ? ' (for a picture, a LoadImage node\'s "image")' : ''}.`,
      );
    }
  }
  if (bindings.output !== undefined && !workflow.graph[bindings.output.nodeId]) {
    fail(workflow, 'bindings.output', `bindings.output names node "${bindings.output.nodeId}", which is not in the workflow. Its nodes: ${nodeList(workflow)}.`);
  }
}

/**
 * Checks a workflow against what the server has (`GET /object_info`): every node class is
 * installed (a missing custom node is named), every bound input exists on its node, and the
 * workflow has an output node. Throws a ConfigError naming the file, the node and the field.
 */
export function checkAgainstServer(workflow: LoadedWorkflow, objectInfo: ComfyObjectInfo, serverURL: string): void {
  for (const [id, node] of Object.entries(workflow.graph)) {
    if (objectInfo[node.class_type] === undefined) {
      const title = node._meta?.title && node._meta.title !== node.class_type ? ` ("${node._meta.title}")` : '';
      fail(
        workflow,
        `nodes.${id}`,
        `node ${id}${title} is of type ${node.class_type}, which ComfyUI at ${serverURL} does not have. ` +
          'Install the custom node that provides it (ComfyUI-Manager: "Install Missing Custom Nodes") and restart ComfyUI, or change the workflow.',
      );
    }
  }
  for (const { path, target } of namedBindings(workflow.definition.bindings)) {
    const node = workflow.graph[target.nodeId]!;
    const info = objectInfo[node.class_type]!;
    const declared = { ...info.input?.required, ...info.input?.optional };
    if (target.input in node.inputs || target.input in declared) continue;
    fail(
      workflow,
      path,
      `${path} names input "${target.input}" of node ${target.nodeId} (${node.class_type}), which has no such input. Its inputs: ${Object.keys(declared).join(', ') || 'none'}.`,
    );
  }
  const outputs = Object.entries(workflow.graph).filter(([, node]) => objectInfo[node.class_type]?.output_node === true);
  if (outputs.length === 0) {
    fail(workflow, 'nodes', 'has no output node (SaveImage, SaveVideo, SaveAudio, …), so ComfyUI would run nothing and return no file. Add one and export again.');
  }
  const chosen = workflow.definition.bindings.output;
  if (chosen !== undefined && !outputs.some(([id]) => id === chosen.nodeId)) {
    const node = workflow.graph[chosen.nodeId]!;
    fail(workflow, 'bindings.output', `bindings.output names node ${chosen.nodeId} (${node.class_type}), which is not an output node. Output nodes: ${outputs.map(([id, item]) => `${id} (${item.class_type})`).join(', ')}.`);
  }
}
