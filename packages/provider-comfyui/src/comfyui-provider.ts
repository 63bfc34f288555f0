import { CinemaError, ConfigError, toCinemaError, type ProviderV1 } from '@cinema/core';
import { ComfyClient } from './comfyui-client.js';
import { ComfyUIImageModel } from './comfyui-image-model.js';
import type { ComfyModelContext } from './comfyui-prompt-queue.js';
import { ComfyUISpeechModel } from './comfyui-speech-model.js';
import { ComfyUIVideoModel } from './comfyui-video-model.js';
import { checkAgainstServer, checkBindings, type ComfyObjectInfo } from './workflow-check.js';
import type { ComfyWorkKind, ComfyWorkflowDefinition } from './workflow-definition.js';
import { describeWorkflow, loadWorkflow, type LoadedWorkflow } from './workflow-loading.js';

/** ComfyUI's own address when started with `python main.py`. */
export const defaultComfyUIURL = 'http://127.0.0.1:8188';

/** How long a server's node list is trusted before `validate` reads it again. */
const objectInfoLifetimeMs = 60_000;

export interface ComfyUIProviderSettings {
  /**
   * The ComfyUI server. Default: the `COMFYUI_URL` environment variable, else
   * `http://127.0.0.1:8188` (ComfyUI's own default). A hosted ComfyUI that speaks the same API works too.
   */
  baseURL?: string;
  /** Headers sent with every request, e.g. a hosted ComfyUI's `Authorization`. Default: none. Never stored in operations. */
  headers?: Record<string, string>;
  /** The fetch used for every request and download. Default: `globalThis.fetch`. */
  fetch?: typeof globalThis.fetch;
  /** The workflows the models run, by name; the name is the model id (`comfy.imageModel('flux')`). */
  workflows: Record<string, ComfyWorkflowDefinition>;
  /**
   * Dollars per GPU-second, charged for the execution time ComfyUI reports, so a budget means
   * something on a rented GPU. Default: 0, your own GPU costs nothing per call.
   */
  pricePerGpuSecond?: number;
  /** Wait between polls when `doGenerate` polls by itself (the orchestrator polls on its own schedule). Default: 1000 ms. */
  pollIntervalMs?: number;
  /**
   * Sent as `client_id` with every prompt. Default: none, so ComfyUI broadcasts the progress of
   * Cinema's prompts and an open ComfyUI browser tab shows them; with an id, only a websocket
   * client connected with that id sees them.
   */
  clientId?: string;
  /** The provider's name: the lane `limits` applies to and the prefix of model names. Default: `comfyui`. */
  name?: string;
}

/** ComfyUI: images, clips and speech from the user's own workflows. */
export interface ComfyUIProvider extends ProviderV1 {
  readonly name: string;
  /** The server every call goes to. */
  readonly baseURL: string;
  /** Pictures from the workflow of this name. */
  imageModel(workflow: string): ComfyUIImageModel;
  /** Clips from the workflow of this name. */
  videoModel(workflow: string): ComfyUIVideoModel;
  /** Speech from the workflow of this name (one that saves audio). */
  speechModel(workflow: string): ComfyUISpeechModel;
  /**
   * Reads every workflow, checks its bindings and asks the server whether it has every node
   * (`GET /object_info`); throws a ConfigError naming the file, node and field, or a network error
   * when the server does not answer. Each model's `validate` checks its own workflow the same way.
   */
  validate(): Promise<void>;
}

function environmentURL(): string | undefined {
  const value = typeof process !== 'undefined' ? process.env.COMFYUI_URL : undefined;
  return value && value.trim() !== '' ? value.trim() : undefined;
}

/** Creates a ComfyUI provider for a server and the user's workflows. */
export function createComfyUI(settings: ComfyUIProviderSettings): ComfyUIProvider {
  const name = settings.name ?? 'comfyui';
  const definitions = settings.workflows ?? {};
  const client = new ComfyClient({
    baseURL: settings.baseURL ?? environmentURL() ?? defaultComfyUIURL,
    headers: settings.headers ?? {},
    fetch: settings.fetch ?? ((input, init) => globalThis.fetch(input, init)),
  });
  const loaded = new Map<string, LoadedWorkflow>();
  let objectInfo: { value: Promise<ComfyObjectInfo>; at: number } | undefined;

  const definitionOf = (workflow: string): ComfyWorkflowDefinition => {
    const definition = Object.hasOwn(definitions, workflow) ? definitions[workflow] : undefined;
    if (definition) return definition;
    const known = Object.keys(definitions);
    throw new ConfigError({
      message: `ComfyUI has no workflow named "${workflow}": createComfyUI({ workflows }) names ${known.length > 0 ? known.map((item) => `"${item}"`).join(', ') : 'none'}.`,
      path: 'workflows',
    });
  };

  const workflowOf = (workflow: string, kind: ComfyWorkKind): LoadedWorkflow => {
    let found = loaded.get(workflow);
    if (!found) {
      found = loadWorkflow(workflow, definitionOf(workflow));
      loaded.set(workflow, found);
    }
    checkBindings(found, kind);
    return found;
  };

  const serverNodes = (): Promise<ComfyObjectInfo> => {
    if (!objectInfo || Date.now() - objectInfo.at > objectInfoLifetimeMs) {
      const value = client.objectInfo();
      objectInfo = { value, at: Date.now() };
      value.catch(() => {
        if (objectInfo?.value === value) objectInfo = undefined;
      });
    }
    return objectInfo.value;
  };

  const context: ComfyModelContext = {
    providerName: name,
    client,
    workflow: workflowOf,
    async validate(workflow, kind) {
      const found = workflowOf(workflow, kind);
      let nodes: ComfyObjectInfo;
      try {
        nodes = await serverNodes();
      } catch (thrown) {
        const error = toCinemaError(thrown);
        throw new CinemaError({ message: `${describeWorkflow(found)} could not be checked: ${error.message}`, category: error.category, isRetryable: error.isRetryable, cause: error });
      }
      checkAgainstServer(found, nodes, client.baseURL);
    },
    pricePerGpuSecond: (workflow) => definitions[workflow]?.pricePerGpuSecond ?? settings.pricePerGpuSecond ?? 0,
    pollIntervalMs: settings.pollIntervalMs ?? 1_000,
    ...(settings.clientId ? { clientId: settings.clientId } : {}),
  };

  return {
    specificationVersion: 'v1',
    name,
    baseURL: client.baseURL,
    imageModel: (workflow) => new ComfyUIImageModel(workflow, definitionOf(workflow), context),
    videoModel: (workflow) => new ComfyUIVideoModel(workflow, definitionOf(workflow), context),
    speechModel: (workflow) => new ComfyUISpeechModel(workflow, definitionOf(workflow), context),
    async validate() {
      for (const [workflow, definition] of Object.entries(definitions)) {
        await context.validate(workflow, definition.bindings.text !== undefined && definition.bindings.prompt === undefined ? 'speech' : 'image');
      }
    },
  };
}
