/**
 * One node of a workflow in ComfyUI's API format (what "Export (API)" writes): its class and its
 * inputs, where an input is a literal value or a link `[nodeId, outputIndex]` to another node.
 */
export interface ComfyApiNode {
  class_type: string;
  inputs: Record<string, unknown>;
  /** The node's title in the editor, when the export kept it. */
  _meta?: { title?: string };
}

/** A workflow in ComfyUI's API format: nodes by id. */
export type ComfyApiWorkflow = Record<string, ComfyApiNode>;

/** Where a value of Cinema's call goes: one input of one node, by the node's id in the API-format JSON. */
export interface ComfyNodeInput {
  /** The node's id, the key in the API-format JSON (e.g. `"6"`). */
  nodeId: string;
  /** The input's name on that node (e.g. `text`, `seed`, `image`). */
  input: string;
}

/** Where the clip's length goes when the workflow counts frames (Wan's `length`, LTX-Video's `length`). */
export interface ComfyFrameCountBinding extends ComfyNodeInput {
  /** Frames per second of the clip the workflow makes. Default: 16, Wan 2.1 and 2.2's rate. */
  framesPerSecond?: number;
  /**
   * The model takes frame counts that are a multiple of this plus one (Wan: 4, so 81 frames;
   * LTX-Video: 8). Default: none, the count is seconds × frames per second.
   */
  multipleOf?: number;
}

/**
 * Which node inputs receive which part of Cinema's call. Only `prompt` (images, clips) or `text`
 * (speech) is needed; every other binding is optional, and what a workflow can do follows from
 * the ones it has: a workflow without `lastFrame` cannot make a clip between a first and a last
 * frame, one without `referenceImages` takes no character references.
 */
export interface ComfyWorkflowBindings {
  /** The positive prompt, e.g. a `CLIPTextEncode` node's `text`. Several inputs all receive it. */
  prompt?: ComfyNodeInput | ComfyNodeInput[];
  /** The negative prompt. Default: the workflow's own. */
  negativePrompt?: ComfyNodeInput;
  /**
   * The seed, e.g. a `KSampler`'s `seed`. When the call has none, Cinema sends one derived from the
   * job (the same on a retry, different between jobs), so the workflow's fixed seed does not give
   * every character sheet the same composition.
   */
  seed?: ComfyNodeInput | ComfyNodeInput[];
  /** The picture's or clip's width, e.g. an `EmptySD3LatentImage`'s `width`. Needs `height` too. */
  width?: ComfyNodeInput;
  /** The picture's or clip's height. Needs `width` too. */
  height?: ComfyNodeInput;
  /** The clip's length as a frame count (video). */
  frameCount?: ComfyFrameCountBinding;
  /** The clip's length in seconds, for nodes that take seconds (video). */
  durationSeconds?: ComfyNodeInput;
  /**
   * Character references, one `LoadImage` node's `image` input each: the uploaded file's name is
   * set there. A call with fewer references fills the slots again from the first; a workflow with
   * reference slots needs at least one reference in every call.
   */
  referenceImages?: ComfyNodeInput[];
  /** The clip's first frame: a `LoadImage` node's `image` input (video). */
  firstFrame?: ComfyNodeInput;
  /** The clip's last frame: a `LoadImage` node's `image` input (video). */
  lastFrame?: ComfyNodeInput;
  /** The line to speak (speech). */
  text?: ComfyNodeInput;
  /** The voice, for speech nodes that take one by name. Default: the workflow's own. */
  voice?: ComfyNodeInput;
  /**
   * The node whose outputs are the result. Default: every output node of the workflow, the first
   * file of the right kind (image, video or audio) in node-id order.
   */
  output?: { nodeId: string };
}

/** One of the user's workflows, as `createComfyUI({ workflows })` takes it. */
export interface ComfyWorkflowDefinition {
  /**
   * The API-format JSON file. A relative path is read from the current directory; use
   * `new URL('./workflows/flux.json', import.meta.url)` in a config file to read it from beside the
   * config. Give this or `workflow`.
   */
  file?: string | URL;
  /** The workflow itself, instead of a file. Errors then name it `(inline workflow)`. */
  workflow?: ComfyApiWorkflow;
  bindings: ComfyWorkflowBindings;
  /**
   * Aspect ratios the workflow offers. Default: with `width` and `height` bound, 16:9, 9:16, 1:1,
   * 4:3 and 3:4, drawn at about the workflow's own pixel count; without them 16:9, 1:1 and 9:16
   * (core's default), and the workflow keeps its own size.
   */
  aspectRatios?: string[];
  /**
   * Clip lengths in seconds (video). Default: 2, 3, 4 and 5 with a `frameCount` or
   * `durationSeconds` binding (longer clips need more GPU memory), else 5 alone.
   */
  durations?: number[];
  /** Whether the workflow's clips carry their own soundtrack (video). Default: false. */
  generatesAudio?: boolean;
  /** Voices the workflow's `voice` input accepts (speech). Default: none listed. */
  voices?: string[];
  /** Dollars per GPU-second for this workflow. Default: the provider's `pricePerGpuSecond`. */
  pricePerGpuSecond?: number;
  /**
   * GPU seconds one call takes, for the estimate made before a run (the cost itself comes from the
   * time ComfyUI reports). Default: 30 for a picture, 120 for a clip, 10 for a line of speech.
   */
  estimatedGpuSeconds?: number;
}

/** What a model makes, which decides the outputs it reads and the bindings it needs. */
export type ComfyWorkKind = 'image' | 'video' | 'speech';
