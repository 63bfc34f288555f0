import type { InputFile, ModelWarning } from '@cinema/core';
import type { ComfyClient } from './comfyui-client.js';
import { pictureSize } from './picture-size.js';
import type { ComfyApiWorkflow, ComfyNodeInput } from './workflow-definition.js';
import { copyGraph, numberAt, seedFromKey, setInput, setInputs } from './workflow-graph.js';
import { describeWorkflow, type LoadedWorkflow } from './workflow-loading.js';

/** Pixels a workflow draws when its size inputs hold no number to go by: about one megapixel. */
const defaultPixels = 1024 * 1024;

/**
 * Fills a copy of a workflow for one call: each part of the call goes to the node input its
 * binding names, and a part the workflow has no binding for becomes a warning on the result.
 */
export class PromptBuilder {
  readonly graph: ComfyApiWorkflow;
  readonly warnings: ModelWarning[] = [];
  readonly where: string;

  constructor(readonly workflow: LoadedWorkflow) {
    this.graph = copyGraph(workflow.graph);
    this.where = describeWorkflow(workflow);
  }

  private get bindings() {
    return this.workflow.definition.bindings;
  }

  private ignored(setting: string, what: string): void {
    this.warnings.push({ type: 'unsupported-setting', setting, message: `${this.where} has no ${setting} binding; ${what}.` });
  }

  /** The prompt, and the negative prompt when the call has one. */
  text(prompt: string, negativePrompt?: string): this {
    setInputs(this.graph, this.bindings.prompt, prompt);
    if (negativePrompt !== undefined && negativePrompt !== '') {
      if (this.bindings.negativePrompt) setInput(this.graph, this.bindings.negativePrompt, negativePrompt);
      else this.ignored('negativePrompt', 'the negative prompt was not sent');
    }
    return this;
  }

  /** The call's seed, or one derived from the job's key (see `ComfyWorkflowBindings.seed`). */
  seed(seed: number | undefined, idempotencyKey: string): this {
    if (this.bindings.seed) setInputs(this.graph, this.bindings.seed, seed ?? seedFromKey(idempotencyKey));
    else if (seed !== undefined) this.ignored('seed', `seed ${seed} was not sent and results are not repeatable`);
    return this;
  }

  /**
   * Width and height for the aspect ratio (or the call's own size), at about the workflow's own
   * pixel count. A workflow without size bindings keeps its own size.
   */
  size(options: { aspectRatio: string; size?: { width: number; height: number } }, aspectRatios: readonly string[]): { width: number; height: number } | undefined {
    const { width, height } = this.bindings;
    if (!width || !height) {
      if (options.size) this.ignored('size', `${options.size.width}x${options.size.height} was not sent and the workflow draws at its own size`);
      else if (!aspectRatios.includes(options.aspectRatio)) this.ignored('aspectRatio', `the workflow draws at its own size, not ${options.aspectRatio}`);
      return undefined;
    }
    const ownWidth = numberAt(this.workflow.graph, width);
    const ownHeight = numberAt(this.workflow.graph, height);
    const pixels = ownWidth !== undefined && ownHeight !== undefined ? ownWidth * ownHeight : defaultPixels;
    const chosen = pictureSize(options, pixels, this.warnings, this.where);
    setInput(this.graph, width, chosen.width);
    setInput(this.graph, height, chosen.height);
    return chosen;
  }

  /**
   * Uploads pictures (each distinct one once) and puts their names in LoadImage inputs. With more
   * slots than pictures the pictures are used again from the first; extra pictures are left out
   * with a warning.
   */
  async images(client: ComfyClient, slots: readonly ComfyNodeInput[], files: readonly InputFile[], setting: string, abortSignal?: AbortSignal): Promise<this> {
    if (files.length > slots.length) {
      this.warnings.push({
        type: 'unsupported-setting',
        setting,
        message:
          slots.length === 0
            ? `${this.where} has no ${setting} binding; ${files.length} picture(s) were not sent.`
            : `${this.where} takes ${slots.length} picture(s) in ${setting}; the first ${slots.length} of ${files.length} were sent.`,
      });
    }
    if (files.length === 0) return this;
    const names = await Promise.all(files.slice(0, slots.length).map((file) => client.uploadImage(file, abortSignal)));
    slots.forEach((slot, index) => setInput(this.graph, slot, names[index % names.length]));
    return this;
  }
}
