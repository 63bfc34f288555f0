/**
 * An input of a node type: a type name (`MODEL`, `INT`, `STRING`), the options of a list, or
 * `UPLOADED_IMAGE` for a LoadImage file name (one of the files in the input folder).
 */
export type ComfyEmulatorInputType = string | readonly string[];

/** A node class the emulated server has, as `GET /object_info` describes it. */
export interface ComfyEmulatorNodeType {
  required?: Record<string, ComfyEmulatorInputType>;
  optional?: Record<string, ComfyEmulatorInputType>;
  /** Output types, e.g. `['MODEL', 'CLIP', 'VAE']`. Default: none. */
  output?: readonly string[];
  /**
   * What an output node saves: `image` (PNG under `images`), `preview` (a temporary PNG),
   * `video` (MP4 under `images` with `animated`, as core SaveVideo does), `gifs` (MP4 under `gifs`,
   * as Video Helper Suite does) or `audio` (MP3 under `audio`). Default: not an output node.
   */
  saves?: 'image' | 'preview' | 'video' | 'gifs' | 'audio';
  category?: string;
}

const image = 'IMAGE';
const prefix = { filename_prefix: 'STRING' };

/**
 * The core node classes the shipped example workflows use, with their inputs as ComfyUI's
 * `nodes.py` and `comfy_extras` declare them (written from the published node definitions; model
 * file lists are left open). Add custom nodes with `createComfyUIEmulator({ nodeTypes })`.
 */
export const builtInNodeTypes: Record<string, ComfyEmulatorNodeType> = {
  CheckpointLoaderSimple: { required: { ckpt_name: 'MODEL_FILE' }, output: ['MODEL', 'CLIP', 'VAE'], category: 'loaders' },
  UNETLoader: { required: { unet_name: 'MODEL_FILE', weight_dtype: ['default', 'fp8_e4m3fn', 'fp8_e4m3fn_fast', 'fp8_e5m2'] }, output: ['MODEL'], category: 'advanced/loaders' },
  DualCLIPLoader: { required: { clip_name1: 'MODEL_FILE', clip_name2: 'MODEL_FILE', type: ['sdxl', 'sd3', 'flux', 'hunyuan_video', 'hidream'] }, optional: { device: ['default', 'cpu'] }, output: ['CLIP'], category: 'advanced/loaders' },
  CLIPLoader: { required: { clip_name: 'MODEL_FILE', type: ['stable_diffusion', 'stable_cascade', 'sd3', 'stable_audio', 'mochi', 'ltxv', 'pixart', 'cosmos', 'lumina2', 'wan', 'hidream', 'chroma'] }, optional: { device: ['default', 'cpu'] }, output: ['CLIP'], category: 'advanced/loaders' },
  VAELoader: { required: { vae_name: 'MODEL_FILE' }, output: ['VAE'], category: 'loaders' },
  CLIPVisionLoader: { required: { clip_name: 'MODEL_FILE' }, output: ['CLIP_VISION'], category: 'loaders' },
  CLIPVisionEncode: { required: { clip_vision: 'CLIP_VISION', image, crop: ['center', 'none'] }, output: ['CLIP_VISION_OUTPUT'], category: 'conditioning' },
  CLIPTextEncode: { required: { text: 'STRING', clip: 'CLIP' }, output: ['CONDITIONING'], category: 'conditioning' },
  ConditioningZeroOut: { required: { conditioning: 'CONDITIONING' }, output: ['CONDITIONING'], category: 'advanced/conditioning' },
  FluxGuidance: { required: { conditioning: 'CONDITIONING', guidance: 'FLOAT' }, output: ['CONDITIONING'], category: 'advanced/conditioning/flux' },
  ReferenceLatent: { required: { conditioning: 'CONDITIONING' }, optional: { latent: 'LATENT' }, output: ['CONDITIONING'], category: 'advanced/conditioning/edit_models' },
  FluxKontextImageScale: { required: { image }, output: [image], category: 'advanced/conditioning/flux' },
  EmptyLatentImage: { required: { width: 'INT', height: 'INT', batch_size: 'INT' }, output: ['LATENT'], category: 'latent' },
  EmptySD3LatentImage: { required: { width: 'INT', height: 'INT', batch_size: 'INT' }, output: ['LATENT'], category: 'latent/sd3' },
  KSampler: {
    required: {
      model: 'MODEL',
      seed: 'INT',
      steps: 'INT',
      cfg: 'FLOAT',
      sampler_name: ['euler', 'euler_ancestral', 'heun', 'dpmpp_2m', 'dpmpp_2m_sde', 'uni_pc', 'lcm'],
      scheduler: ['simple', 'normal', 'karras', 'exponential', 'sgm_uniform', 'beta'],
      positive: 'CONDITIONING',
      negative: 'CONDITIONING',
      latent_image: 'LATENT',
      denoise: 'FLOAT',
    },
    output: ['LATENT'],
    category: 'sampling',
  },
  VAEDecode: { required: { samples: 'LATENT', vae: 'VAE' }, output: [image], category: 'latent' },
  VAEEncode: { required: { pixels: image, vae: 'VAE' }, output: ['LATENT'], category: 'latent' },
  ModelSamplingSD3: { required: { model: 'MODEL', shift: 'FLOAT' }, output: ['MODEL'], category: 'advanced/model' },
  LoadImage: { required: { image: 'UPLOADED_IMAGE' }, output: [image, 'MASK'], category: 'image' },
  SaveImage: { required: { images: image, ...prefix }, saves: 'image', category: 'image' },
  PreviewImage: { required: { images: image }, saves: 'preview', category: 'image' },
  WanImageToVideo: {
    required: { positive: 'CONDITIONING', negative: 'CONDITIONING', vae: 'VAE', width: 'INT', height: 'INT', length: 'INT', batch_size: 'INT' },
    optional: { clip_vision_output: 'CLIP_VISION_OUTPUT', start_image: image },
    output: ['CONDITIONING', 'CONDITIONING', 'LATENT'],
    category: 'conditioning/video_models',
  },
  WanFirstLastFrameToVideo: {
    required: { positive: 'CONDITIONING', negative: 'CONDITIONING', vae: 'VAE', width: 'INT', height: 'INT', length: 'INT', batch_size: 'INT' },
    optional: { clip_vision_start_image: 'CLIP_VISION_OUTPUT', clip_vision_end_image: 'CLIP_VISION_OUTPUT', start_image: image, end_image: image },
    output: ['CONDITIONING', 'CONDITIONING', 'LATENT'],
    category: 'conditioning/video_models',
  },
  CreateVideo: { required: { images: image, fps: 'FLOAT' }, optional: { audio: 'AUDIO' }, output: ['VIDEO'], category: 'image/video' },
  SaveVideo: { required: { video: 'VIDEO', ...prefix, format: ['auto', 'mp4'], codec: ['auto', 'h264'] }, saves: 'video', category: 'image/video' },
  SaveAudioMP3: { required: { audio: 'AUDIO', ...prefix }, optional: { quality: ['V0', '128k', '320k'] }, saves: 'audio', category: 'audio' },
};

function describeInput(type: ComfyEmulatorInputType, uploads: readonly string[]): unknown[] {
  if (type === 'UPLOADED_IMAGE') return [[...uploads], { image_upload: true }];
  if (type === 'MODEL_FILE') return [[], {}];
  if (typeof type !== 'string') return [[...type], {}];
  if (type === 'STRING') return ['STRING', { multiline: true }];
  return [type, {}];
}

/** One class as `GET /object_info` answers it (the shape of ComfyUI's `node_info`). */
export function objectInfoEntry(name: string, type: ComfyEmulatorNodeType, uploads: readonly string[]) {
  const section = (inputs: Record<string, ComfyEmulatorInputType> | undefined) =>
    Object.fromEntries(Object.entries(inputs ?? {}).map(([input, inputType]) => [input, describeInput(inputType, uploads)]));
  const output = [...(type.output ?? [])];
  return {
    input: { required: section(type.required), ...(type.optional ? { optional: section(type.optional) } : {}) },
    input_order: { required: Object.keys(type.required ?? {}), ...(type.optional ? { optional: Object.keys(type.optional) } : {}) },
    output,
    output_is_list: output.map(() => false),
    output_name: output,
    name,
    display_name: name,
    description: '',
    python_module: 'nodes',
    category: type.category ?? 'emulated',
    output_node: type.saves !== undefined,
  };
}
