import type { JsonValue, VideoMode } from '@cinema/core';

/** Image models this package knows by name. Any other `owner/name[:version]` id works too, with a warning. */
export type ReplicateImageModelId = 'black-forest-labs/flux-schnell' | 'black-forest-labs/flux-kontext-pro' | (string & {});

/** Video models this package knows by name. Any other `owner/name[:version]` id works too, with a warning. */
export type ReplicateVideoModelId =
  | 'kwaivgi/kling-v2.1'
  | 'bytedance/seedance-1-pro'
  | 'bytedance/seedance-1-lite'
  | 'google/veo-3'
  | 'google/veo-3-fast'
  | 'minimax/video-01'
  | (string & {});

/** Speech models this package knows by name. Any other `owner/name[:version]` id works too, with a warning. */
export type ReplicateSpeechModelId = 'minimax/speech-02-hd' | (string & {});

/** How sure we are of a schema or a price: read on the vendor's page, read elsewhere, or not confirmed. */
export type ReplicateConfidence = 'official' | 'secondary' | 'unconfirmed';

interface ReplicateCatalogueEntryBase {
  /** `owner/name`, as in `POST /v1/models/{owner}/{name}/predictions`. */
  id: string;
  displayName: string;
  /**
   * Set when Replicate retired the model; calls still go out (the server decides) but every
   * result carries a warning. Default: not retired.
   */
  retired?: { date: string; note: string };
  /** Where the input field names come from, and how sure we are of them. */
  schemaSource: string;
  schemaConfidence: ReplicateConfidence;
  /** Input sent on every call unless the call or the model settings override it. */
  defaults: Record<string, JsonValue>;
}

/** Field names and limits of a Replicate image model. */
export interface ReplicateImageCatalogueEntry extends ReplicateCatalogueEntryBase {
  kind: 'image';
  aspectRatios: string[];
  supportsSeed: boolean;
  maxReferenceImages: number;
  /** Input field for the reference image(s); absent when the model takes none. */
  referenceImageField?: string;
  /** Whether `referenceImageField` takes an array of URLs rather than one URL. */
  referenceImageFieldIsArray?: boolean;
  /** Whether the output is an array of URLs (flux-schnell) or a single URL. */
  outputIsArray: boolean;
}

/** Field names and limits of a Replicate video model. */
export interface ReplicateVideoCatalogueEntry extends ReplicateCatalogueEntryBase {
  kind: 'video';
  modes: VideoMode[];
  durations: number[];
  aspectRatios: string[];
  maxReferenceImages: number;
  generatesAudio: boolean;
  /** Input field for the first frame. */
  firstFrameField?: string;
  /** Input field for the last frame; absent when the model cannot end on a given frame. */
  lastFrameField?: string;
  /** Extra input a last frame needs (Kling wants `mode: "pro"`). */
  lastFrameRequires?: Record<string, JsonValue>;
  /** Input field for character reference images (one URL unless `referenceImagesFieldIsArray`). */
  referenceImagesField?: string;
  referenceImagesFieldIsArray?: boolean;
  /** Input field for the clip length; absent when the length is fixed (the single entry of `durations`). */
  durationField?: string;
  /** Input field for the aspect ratio; absent when the first frame decides it. */
  aspectRatioField?: string;
  seedField?: string;
  negativePromptField?: string;
}

/** Field names of a Replicate text-to-speech model. */
export interface ReplicateSpeechCatalogueEntry extends ReplicateCatalogueEntryBase {
  kind: 'speech';
  textField: string;
  voiceField: string;
  defaultVoice: string;
  /** Input field taking one of `emotions`; `instructions` naming one of them are sent there. */
  emotionField?: string;
  emotions?: string[];
  /** MIME type of the audio under the defaults. */
  mediaType: string;
}

export type ReplicateCatalogueEntry = ReplicateImageCatalogueEntry | ReplicateVideoCatalogueEntry | ReplicateSpeechCatalogueEntry;

const fluxAspectRatios = ['1:1', '16:9', '21:9', '3:2', '2:3', '4:5', '5:4', '3:4', '4:3', '9:16', '9:21'];
const seedanceDurations = [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
const seedanceAspectRatios = ['16:9', '4:3', '1:1', '3:4', '9:16', '21:9', '9:21'];
const referenceDoc = 'shared/reference/provider-protocols.md §2.7 (2026-11-24)';

/**
 * What this package knows about Replicate models: field names, limits, defaults. Dated data: a
 * model's schema can change on replicate.com; override an entry with the provider's `models`
 * setting rather than waiting for a release.
 */
export const replicateCatalogue: readonly ReplicateCatalogueEntry[] = [
  {
    kind: 'image',
    id: 'black-forest-labs/flux-schnell',
    displayName: 'FLUX.1 [schnell]',
    schemaSource: `${referenceDoc}, from the replicate.com version API page`,
    schemaConfidence: 'official',
    aspectRatios: fluxAspectRatios,
    supportsSeed: true,
    maxReferenceImages: 0,
    outputIsArray: true,
    defaults: { num_outputs: 1, output_format: 'png' },
  },
  {
    kind: 'image',
    id: 'black-forest-labs/flux-kontext-pro',
    displayName: 'FLUX.1 Kontext [pro]',
    schemaSource: `${referenceDoc}: BFL field names; the replicate.com page was not retrieved`,
    schemaConfidence: 'unconfirmed',
    aspectRatios: [...fluxAspectRatios, '2:1', '1:2', 'match_input_image'],
    supportsSeed: true,
    maxReferenceImages: 1,
    referenceImageField: 'input_image',
    outputIsArray: false,
    defaults: { output_format: 'png' },
  },
  {
    kind: 'video',
    id: 'kwaivgi/kling-v2.1',
    displayName: 'Kling 2.1',
    schemaSource: `${referenceDoc}; end_image needs mode "pro"`,
    schemaConfidence: 'official',
    modes: ['image-to-video', 'first-last-frame'],
    durations: [5, 10],
    aspectRatios: ['16:9', '9:16', '1:1'],
    maxReferenceImages: 0,
    generatesAudio: false,
    firstFrameField: 'start_image',
    lastFrameField: 'end_image',
    lastFrameRequires: { mode: 'pro' },
    durationField: 'duration',
    negativePromptField: 'negative_prompt',
    defaults: { mode: 'standard' },
  },
  {
    kind: 'video',
    id: 'bytedance/seedance-1-pro',
    displayName: 'Seedance 1 Pro',
    schemaSource: referenceDoc,
    schemaConfidence: 'official',
    modes: ['text-to-video', 'image-to-video', 'first-last-frame'],
    durations: seedanceDurations,
    aspectRatios: seedanceAspectRatios,
    maxReferenceImages: 0,
    generatesAudio: false,
    firstFrameField: 'image',
    lastFrameField: 'last_frame_image',
    durationField: 'duration',
    aspectRatioField: 'aspect_ratio',
    seedField: 'seed',
    defaults: { resolution: '1080p' },
  },
  {
    kind: 'video',
    id: 'bytedance/seedance-1-lite',
    displayName: 'Seedance 1 Lite',
    schemaSource: referenceDoc,
    schemaConfidence: 'official',
    modes: ['text-to-video', 'image-to-video', 'first-last-frame'],
    durations: seedanceDurations,
    aspectRatios: seedanceAspectRatios,
    maxReferenceImages: 0,
    generatesAudio: false,
    firstFrameField: 'image',
    lastFrameField: 'last_frame_image',
    durationField: 'duration',
    aspectRatioField: 'aspect_ratio',
    seedField: 'seed',
    defaults: { resolution: '720p' },
  },
  {
    kind: 'video',
    id: 'google/veo-3',
    displayName: 'Veo 3',
    schemaSource: `${referenceDoc}; no duration field, clips are 8 s`,
    schemaConfidence: 'official',
    modes: ['text-to-video', 'image-to-video'],
    durations: [8],
    aspectRatios: ['16:9', '9:16'],
    maxReferenceImages: 0,
    generatesAudio: true,
    firstFrameField: 'image',
    aspectRatioField: 'aspect_ratio',
    seedField: 'seed',
    negativePromptField: 'negative_prompt',
    defaults: {},
  },
  {
    kind: 'video',
    id: 'google/veo-3-fast',
    displayName: 'Veo 3 Fast',
    schemaSource: `${referenceDoc}; no duration field, clips are 8 s`,
    schemaConfidence: 'official',
    modes: ['text-to-video', 'image-to-video'],
    durations: [8],
    aspectRatios: ['16:9', '9:16'],
    maxReferenceImages: 0,
    generatesAudio: true,
    firstFrameField: 'image',
    aspectRatioField: 'aspect_ratio',
    seedField: 'seed',
    negativePromptField: 'negative_prompt',
    defaults: {},
  },
  {
    kind: 'video',
    id: 'minimax/video-01',
    displayName: 'MiniMax Video-01 (Hailuo)',
    schemaSource: `${referenceDoc}; 6 s 720p clips`,
    schemaConfidence: 'official',
    modes: ['text-to-video', 'image-to-video'],
    durations: [6],
    aspectRatios: ['16:9'],
    maxReferenceImages: 1,
    generatesAudio: false,
    firstFrameField: 'first_frame_image',
    referenceImagesField: 'subject_reference',
    defaults: { prompt_optimizer: true },
  },
  {
    kind: 'speech',
    id: 'minimax/speech-02-hd',
    displayName: 'MiniMax Speech-02-HD',
    schemaSource: `${referenceDoc}; voice_id default Wise_Woman per the replicate.com speech-02-turbo version page`,
    schemaConfidence: 'secondary',
    textField: 'text',
    voiceField: 'voice_id',
    defaultVoice: 'Wise_Woman',
    emotionField: 'emotion',
    emotions: ['auto', 'happy', 'sad', 'angry', 'fearful', 'disgusted', 'surprised', 'calm', 'fluent', 'neutral'],
    mediaType: 'audio/mpeg',
    defaults: {},
  },
];

/** The catalogue entry for `modelId` (a `:version` suffix is ignored), or undefined for models it does not list. */
export function findCatalogueEntry(
  modelId: string,
  extra: readonly ReplicateCatalogueEntry[] = [],
): ReplicateCatalogueEntry | undefined {
  const name = modelName(modelId);
  return extra.find((entry) => entry.id === name) ?? replicateCatalogue.find((entry) => entry.id === name);
}

/** `owner/name` without a `:version` suffix. */
export function modelName(modelId: string): string {
  const colon = modelId.indexOf(':');
  return colon === -1 ? modelId : modelId.slice(0, colon);
}
