import type { VideoMode } from '@cinema/core';

/**
 * What Cinema knows about each fal endpoint: kind, modes, durations, aspect ratios and the model's
 * own input field names. Compiled from `@fal-ai/client` 1.10.1 `types/endpoints.ts` (fal-ai/fal-js
 * @381105e, 2026-08-02) as summarised in the provider-protocols reference of 2026-11-24.
 * Endpoints not listed here still work, with generic field names and a warning.
 */
export const falCatalogueVersion = '2026-11-24';

/** Image endpoint ids Cinema knows. Any other fal id is accepted too. */
export type FalImageModelId =
  | 'fal-ai/flux/dev'
  | 'fal-ai/flux/schnell'
  | 'fal-ai/flux-pro/v1.1'
  | 'fal-ai/flux-pro/kontext'
  | 'fal-ai/flux-pro/kontext/max'
  | 'fal-ai/flux-pro/kontext/multi'
  | 'fal-ai/flux-pro/kontext/max/multi'
  | 'fal-ai/flux-kontext/dev'
  | (string & {});

/** Video endpoint ids Cinema knows. Any other fal id is accepted too. */
export type FalVideoModelId =
  | 'fal-ai/kling-video/v2.1/pro/image-to-video'
  | 'fal-ai/kling-video/v2.5-turbo/pro/image-to-video'
  | 'fal-ai/kling-video/v2.1/master/image-to-video'
  | 'fal-ai/kling-video/v2.6/pro/image-to-video'
  | 'fal-ai/kling-video/v3/pro/image-to-video'
  | 'fal-ai/veo3.1'
  | 'fal-ai/veo3.1/fast'
  | 'fal-ai/veo3.1/image-to-video'
  | 'fal-ai/veo3.1/fast/image-to-video'
  | 'fal-ai/veo3.1/first-last-frame-to-video'
  | 'fal-ai/veo3.1/fast/first-last-frame-to-video'
  | 'fal-ai/wan-flf2v'
  | 'fal-ai/wan/v2.2-a14b/image-to-video/turbo'
  | 'fal-ai/minimax/hailuo-02/standard/image-to-video'
  | 'fal-ai/bytedance/seedance/v1/pro/image-to-video'
  | 'fal-ai/bytedance/seedance/v1/pro/fast/image-to-video'
  | (string & {});

/** Text-to-speech endpoint ids Cinema knows. Any other fal id is accepted too. */
export type FalSpeechModelId =
  | 'fal-ai/elevenlabs/tts/multilingual-v2'
  | 'fal-ai/elevenlabs/tts/turbo-v2.5'
  | 'fal-ai/minimax/speech-02-hd'
  | 'fal-ai/minimax/speech-02-turbo'
  | 'fal-ai/chatterbox/text-to-speech'
  | (string & {});

interface FalCatalogueEntryBase {
  /** True when fal no longer serves the endpoint; calls still go out, with a warning. */
  retired?: boolean;
  /** Where an entry rests on a guess rather than the reference; shown in warnings and docs. */
  note?: string;
}

/** How an image endpoint wants its size: fal's `image_size` presets, or an `aspect_ratio` string. */
export type FalImageSizeField = 'image_size' | 'aspect_ratio';

export interface FalImageCatalogueEntry extends FalCatalogueEntryBase {
  kind: 'image';
  sizeField: FalImageSizeField;
  aspectRatios: string[];
  /** Reference images per call. 0 for text-to-image models. */
  maxReferenceImages: number;
  /** Field for a single reference image (`image_url`), when the model takes one. */
  referenceField?: string;
  /** Field for a list of reference images (`image_urls`), when the model takes several. */
  referenceListField?: string;
  /** The model cannot run without a reference image. */
  requiresReference?: boolean;
  /** Endpoint to use instead when more than one reference image is passed. */
  multiReferenceEndpoint?: string;
  supportsSeed: boolean;
  supportsNegativePrompt?: boolean;
  /** Extra fields sent on every call (documented defaults Cinema wants fixed). */
  fixedInput?: Record<string, string | number | boolean>;
}

/** How an endpoint wants its duration. */
export type FalDurationFormat =
  /** `"5"` */
  | 'seconds-string'
  /** `"8s"` */
  | 'seconds-suffix'
  /** No duration field: the clip length is fixed (`num_frames` at a frame rate). */
  | 'fixed';

export interface FalVideoCatalogueEntry extends FalCatalogueEntryBase {
  kind: 'video';
  modes: VideoMode[];
  /** Other endpoints of the same model that serve a mode this one does not (Veo 3.1). */
  modeEndpoints?: Partial<Record<VideoMode, string>>;
  durations: number[];
  durationFormat: FalDurationFormat;
  aspectRatios: string[];
  /** Omitted when the model takes its framing from the start image (Kling, Hailuo). */
  aspectRatioField?: string;
  startFrameField?: string;
  endFrameField?: string;
  /** `generate_audio`, when the model can make its own soundtrack. */
  audioField?: string;
  generatesAudio: boolean;
  supportsSeed: boolean;
  supportsNegativePrompt: boolean;
  fixedInput?: Record<string, string | number | boolean>;
}

export interface FalSpeechCatalogueEntry extends FalCatalogueEntryBase {
  kind: 'speech';
  textField: string;
  /** How the voice is passed: a top-level string, inside `voice_setting.voice_id`, or not at all. */
  voiceStyle: 'voice' | 'voice-setting' | 'none';
  defaultVoice?: string;
  fixedInput?: Record<string, string | number | boolean>;
}

export type FalCatalogueEntry = FalImageCatalogueEntry | FalVideoCatalogueEntry | FalSpeechCatalogueEntry;

const fluxImageSizes = ['16:9', '9:16', '4:3', '3:4', '1:1'];
const kontextAspectRatios = ['21:9', '16:9', '4:3', '3:2', '1:1', '2:3', '3:4', '9:16', '9:21'];
const kontextMultiNote = 'maximum of 4 reference images is Cinema\'s assumption; the reference does not state a limit';

const fluxDev: FalImageCatalogueEntry = {
  kind: 'image',
  sizeField: 'image_size',
  aspectRatios: fluxImageSizes,
  maxReferenceImages: 0,
  supportsSeed: true,
  fixedInput: { num_images: 1, output_format: 'png' },
};

const kontext = (multiEndpoint: string): FalImageCatalogueEntry => ({
  kind: 'image',
  sizeField: 'aspect_ratio',
  aspectRatios: kontextAspectRatios,
  maxReferenceImages: 4,
  referenceField: 'image_url',
  requiresReference: true,
  multiReferenceEndpoint: multiEndpoint,
  supportsSeed: true,
  fixedInput: { num_images: 1, output_format: 'png' },
  note: kontextMultiNote,
});

const kontextMulti: FalImageCatalogueEntry = {
  kind: 'image',
  sizeField: 'aspect_ratio',
  aspectRatios: kontextAspectRatios,
  maxReferenceImages: 4,
  referenceListField: 'image_urls',
  requiresReference: true,
  supportsSeed: true,
  fixedInput: { num_images: 1, output_format: 'png' },
  note: kontextMultiNote,
};

const klingTail: FalVideoCatalogueEntry = {
  kind: 'video',
  modes: ['image-to-video', 'first-last-frame'],
  durations: [5, 10],
  durationFormat: 'seconds-string',
  aspectRatios: ['16:9', '9:16', '1:1'],
  startFrameField: 'image_url',
  endFrameField: 'tail_image_url',
  generatesAudio: false,
  supportsSeed: false,
  supportsNegativePrompt: true,
};

const veoAspectRatios = ['16:9', '9:16'];
const veo31 = (base: string, mode: VideoMode): FalVideoCatalogueEntry => ({
  kind: 'video',
  modes: [mode],
  modeEndpoints: {
    'text-to-video': base,
    'image-to-video': `${base}/image-to-video`,
    'first-last-frame': `${base}/first-last-frame-to-video`,
  },
  durations: [4, 6, 8],
  durationFormat: 'seconds-suffix',
  aspectRatios: veoAspectRatios,
  aspectRatioField: 'aspect_ratio',
  ...(mode === 'image-to-video' ? { startFrameField: 'image_url' } : {}),
  ...(mode === 'first-last-frame' ? { startFrameField: 'first_frame_url', endFrameField: 'last_frame_url' } : {}),
  audioField: 'generate_audio',
  generatesAudio: true,
  supportsSeed: true,
  supportsNegativePrompt: true,
  fixedInput: { resolution: '1080p' },
});

const veo3Legacy = (mode: VideoMode): FalVideoCatalogueEntry => ({
  ...veo31('fal-ai/veo3', mode),
  modeEndpoints: undefined,
  durations: [8],
  retired: true,
  note: 'fal-ai/veo3* left the fal endpoint types after 2026-04-22; use fal-ai/veo3.1',
});

const seedance: FalVideoCatalogueEntry = {
  kind: 'video',
  modes: ['image-to-video', 'first-last-frame'],
  durations: [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
  durationFormat: 'seconds-string',
  aspectRatios: ['16:9', '9:16', '1:1', '4:3', '3:4', '21:9'],
  aspectRatioField: 'aspect_ratio',
  startFrameField: 'image_url',
  endFrameField: 'end_image_url',
  generatesAudio: false,
  supportsSeed: true,
  supportsNegativePrompt: false,
  fixedInput: { resolution: '1080p' },
};

/** Every endpoint Cinema knows, by fal endpoint id. */
export const falCatalogue: Readonly<Record<string, FalCatalogueEntry>> = {
  'fal-ai/flux/dev': fluxDev,
  'fal-ai/flux/schnell': { ...fluxDev },
  'fal-ai/flux-pro/v1.1': { ...fluxDev, fixedInput: { num_images: 1, output_format: 'png', safety_tolerance: '2' } },
  'fal-ai/flux-pro/kontext': kontext('fal-ai/flux-pro/kontext/multi'),
  'fal-ai/flux-pro/kontext/max': kontext('fal-ai/flux-pro/kontext/max/multi'),
  'fal-ai/flux-pro/kontext/multi': kontextMulti,
  'fal-ai/flux-pro/kontext/max/multi': kontextMulti,
  'fal-ai/flux-kontext/dev': {
    ...kontext('fal-ai/flux-kontext/dev'),
    maxReferenceImages: 1,
    multiReferenceEndpoint: undefined,
    note: 'field names assumed equal to fal-ai/flux-pro/kontext (the reference lists the endpoint, not its fields)',
  },

  'fal-ai/kling-video/v2.1/pro/image-to-video': klingTail,
  'fal-ai/kling-video/v2.5-turbo/pro/image-to-video': klingTail,
  'fal-ai/kling-video/v2.1/master/image-to-video': {
    ...klingTail,
    modes: ['image-to-video'],
    endFrameField: undefined,
  },
  'fal-ai/kling-video/v2.6/pro/image-to-video': {
    ...klingTail,
    startFrameField: 'start_image_url',
    endFrameField: 'end_image_url',
    audioField: 'generate_audio',
    generatesAudio: true,
    note: 'durations 5 and 10 s assumed from Kling 2.1 (the reference lists no durations for 2.6)',
  },
  'fal-ai/kling-video/v3/pro/image-to-video': {
    ...klingTail,
    durations: [3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
    startFrameField: 'start_image_url',
    endFrameField: 'end_image_url',
    audioField: 'generate_audio',
    generatesAudio: true,
  },

  'fal-ai/veo3.1': veo31('fal-ai/veo3.1', 'text-to-video'),
  'fal-ai/veo3.1/image-to-video': veo31('fal-ai/veo3.1', 'image-to-video'),
  'fal-ai/veo3.1/first-last-frame-to-video': veo31('fal-ai/veo3.1', 'first-last-frame'),
  'fal-ai/veo3.1/fast': veo31('fal-ai/veo3.1/fast', 'text-to-video'),
  'fal-ai/veo3.1/fast/image-to-video': veo31('fal-ai/veo3.1/fast', 'image-to-video'),
  'fal-ai/veo3.1/fast/first-last-frame-to-video': veo31('fal-ai/veo3.1/fast', 'first-last-frame'),
  'fal-ai/veo3': veo3Legacy('text-to-video'),
  'fal-ai/veo3/fast': veo3Legacy('text-to-video'),

  'fal-ai/wan-flf2v': {
    kind: 'video',
    modes: ['first-last-frame'],
    // 81 frames at 16 fps.
    durations: [5],
    durationFormat: 'fixed',
    aspectRatios: ['16:9', '9:16', '1:1'],
    aspectRatioField: 'aspect_ratio',
    startFrameField: 'start_image_url',
    endFrameField: 'end_image_url',
    generatesAudio: false,
    supportsSeed: true,
    supportsNegativePrompt: true,
    fixedInput: { resolution: '720p', num_frames: 81, frames_per_second: 16 },
  },
  'fal-ai/wan/v2.2-a14b/image-to-video/turbo': {
    kind: 'video',
    modes: ['image-to-video', 'first-last-frame'],
    durations: [5],
    durationFormat: 'fixed',
    aspectRatios: ['16:9', '9:16', '1:1'],
    startFrameField: 'image_url',
    endFrameField: 'end_image_url',
    generatesAudio: false,
    supportsSeed: true,
    supportsNegativePrompt: false,
    fixedInput: { resolution: '720p' },
  },

  'fal-ai/minimax/hailuo-02/standard/image-to-video': {
    kind: 'video',
    modes: ['image-to-video', 'first-last-frame'],
    durations: [6, 10],
    durationFormat: 'seconds-string',
    aspectRatios: ['16:9', '9:16', '1:1'],
    startFrameField: 'image_url',
    endFrameField: 'end_image_url',
    generatesAudio: false,
    supportsSeed: false,
    supportsNegativePrompt: false,
    fixedInput: { resolution: '768P', prompt_optimizer: true },
  },

  'fal-ai/bytedance/seedance/v1/pro/image-to-video': seedance,
  'fal-ai/bytedance/seedance/v1/pro/fast/image-to-video': {
    ...seedance,
    note: 'field names assumed equal to seedance/v1/pro (the reference lists the endpoint only in the price table)',
  },

  'fal-ai/elevenlabs/tts/multilingual-v2': { kind: 'speech', textField: 'text', voiceStyle: 'voice', defaultVoice: 'Rachel' },
  'fal-ai/elevenlabs/tts/turbo-v2.5': { kind: 'speech', textField: 'text', voiceStyle: 'voice', defaultVoice: 'Rachel' },
  'fal-ai/minimax/speech-02-hd': {
    kind: 'speech',
    textField: 'text',
    voiceStyle: 'voice-setting',
    // The model answers with hex-encoded audio unless asked for a URL.
    fixedInput: { output_format: 'url' },
  },
  'fal-ai/minimax/speech-02-turbo': {
    kind: 'speech',
    textField: 'text',
    voiceStyle: 'voice-setting',
    fixedInput: { output_format: 'url' },
  },
  'fal-ai/chatterbox/text-to-speech': { kind: 'speech', textField: 'text', voiceStyle: 'none' },
};

/** Field names used for endpoints the catalogue does not know. */
export const genericImageEntry: FalImageCatalogueEntry = {
  kind: 'image',
  sizeField: 'aspect_ratio',
  aspectRatios: ['16:9', '1:1', '9:16'],
  maxReferenceImages: 4,
  referenceField: 'image_url',
  referenceListField: 'image_urls',
  supportsSeed: true,
};

export const genericVideoEntry: FalVideoCatalogueEntry = {
  kind: 'video',
  modes: ['text-to-video', 'image-to-video', 'first-last-frame'],
  durations: [5],
  durationFormat: 'seconds-string',
  aspectRatios: ['16:9', '9:16', '1:1'],
  aspectRatioField: 'aspect_ratio',
  startFrameField: 'image_url',
  endFrameField: 'end_image_url',
  generatesAudio: false,
  supportsSeed: true,
  supportsNegativePrompt: false,
};

export const genericSpeechEntry: FalSpeechCatalogueEntry = { kind: 'speech', textField: 'text', voiceStyle: 'voice' };

/** The catalogue entry for an endpoint id, when it is of the wanted kind. */
export function lookupFalEndpoint<Kind extends FalCatalogueEntry['kind']>(
  endpointId: string,
  kind: Kind,
): Extract<FalCatalogueEntry, { kind: Kind }> | undefined {
  const entry = falCatalogue[endpointId];
  return entry?.kind === kind ? (entry as Extract<FalCatalogueEntry, { kind: Kind }>) : undefined;
}
