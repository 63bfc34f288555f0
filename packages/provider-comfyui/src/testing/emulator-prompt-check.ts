import type { ComfyEmulatorNodeType } from './emulator-node-types.js';

interface EmulatedNode {
  class_type?: unknown;
  inputs?: Record<string, unknown>;
  _meta?: { title?: string };
}

/** What the emulated `POST /prompt` decided: the output nodes to run, or ComfyUI's 400 body. */
export type PromptCheck = { ok: true; outputs: string[] } | { ok: false; body: { error: Record<string, unknown>; node_errors: Record<string, unknown> } };

const refusal = (type: string, message: string, details = '', extraInfo: Record<string, unknown> = {}): PromptCheck => ({
  ok: false,
  body: { error: { type, message, details, extra_info: extraInfo }, node_errors: {} },
});

const isLink = (value: unknown): value is [string, number] => Array.isArray(value) && value.length === 2 && typeof value[1] === 'number';

/**
 * Checks a prompt as ComfyUI's `execution.validate_prompt` does, with its error types and
 * messages: every node's class exists (`missing_node_type`), there is an output node
 * (`prompt_no_outputs`), and every node an output needs has its required inputs, links to nodes
 * that exist, values from its lists, and LoadImage files that were uploaded
 * (`prompt_outputs_failed_validation` with `node_errors`).
 */
export function checkPrompt(prompt: unknown, nodeTypes: Record<string, ComfyEmulatorNodeType>, isUploaded: (name: string) => boolean): PromptCheck {
  if (prompt == null || typeof prompt !== 'object' || Array.isArray(prompt)) return refusal('invalid_prompt', 'Invalid prompt: not an object of nodes');
  const nodes = prompt as Record<string, EmulatedNode>;
  const outputs: string[] = [];
  for (const [id, node] of Object.entries(nodes)) {
    if (typeof node?.class_type !== 'string') {
      return refusal('missing_node_type', 'Cannot execute because a node is missing the class_type property.', `Node ID '#${id}'`);
    }
    const type = nodeTypes[node.class_type];
    const title = node._meta?.title ?? node.class_type;
    if (!type) {
      return refusal('missing_node_type', `Node '${title}' not found. The custom node may not be installed.`, `Node ID '#${id}'`, { node_id: id, class_type: node.class_type, node_title: title });
    }
    if (type.saves) outputs.push(id);
  }
  if (outputs.length === 0) return refusal('prompt_no_outputs', 'Prompt has no outputs');

  const nodeErrors: Record<string, { errors: unknown[]; dependent_outputs: string[]; class_type: string }> = {};
  const checked = new Set<string>();
  const visit = (id: string, output: string) => {
    if (checked.has(id)) return;
    checked.add(id);
    const node = nodes[id]!;
    const classType = node.class_type as string;
    const type = nodeTypes[classType]!;
    const inputs = node.inputs ?? {};
    const errors: unknown[] = [];
    for (const [name, inputType] of Object.entries({ ...type.required, ...type.optional })) {
      const value = inputs[name];
      const required = type.required !== undefined && name in type.required;
      if (value === undefined) {
        if (required) errors.push({ type: 'required_input_missing', message: 'Required input is missing', details: name, extra_info: { input_name: name } });
        continue;
      }
      if (isLink(value)) {
        if (!nodes[value[0]]) errors.push({ type: 'bad_linked_input', message: 'Bad linked input, must be a length-2 list of [node_id, slot_index]', details: name, extra_info: { input_name: name, received_value: value } });
        else visit(value[0], output);
        continue;
      }
      if (inputType === 'UPLOADED_IMAGE' && (typeof value !== 'string' || !isUploaded(value))) {
        errors.push({ type: 'custom_validation_failed', message: 'Custom validation failed for node', details: `${name} - Invalid image file: ${String(value)}`, extra_info: { input_name: name } });
      } else if (Array.isArray(inputType) && !inputType.includes(value as string)) {
        errors.push({ type: 'value_not_in_list', message: 'Value not in list', details: `${name}: '${String(value)}' not in ${JSON.stringify(inputType)}`, extra_info: { input_name: name, received_value: value } });
      }
    }
    if (errors.length > 0) nodeErrors[id] = { errors, dependent_outputs: [output], class_type: classType };
  };
  for (const output of outputs) visit(output, output);
  if (Object.keys(nodeErrors).length > 0) {
    return { ok: false, body: { error: { type: 'prompt_outputs_failed_validation', message: 'Prompt outputs failed validation', details: '', extra_info: {} }, node_errors: nodeErrors } };
  }
  return { ok: true, outputs };
}
