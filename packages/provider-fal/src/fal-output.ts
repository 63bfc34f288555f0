import type { GeneratedFile } from '@cinema/core';

/** A file object in a fal result (`{url, content_type?, file_size?, width?, height?}`). */
export interface FalFile {
  url: string;
  content_type?: string;
  file_size?: number;
  width?: number;
  height?: number;
}

const extensionTypes: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  mp4: 'video/mp4',
  webm: 'video/webm',
  mov: 'video/quicktime',
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
  ogg: 'audio/ogg',
  flac: 'audio/flac',
};

function isFalFile(value: unknown): value is FalFile {
  return value != null && typeof value === 'object' && typeof (value as FalFile).url === 'string';
}

/** The media type of a fal file: its `content_type`, else its extension, else the fallback. */
export function mediaTypeOf(file: FalFile, fallback: string): string {
  if (file.content_type && file.content_type.includes('/')) return file.content_type;
  const extension = /\.([a-z0-9]+)(?:[?#]|$)/i.exec(file.url)?.[1]?.toLowerCase();
  return (extension && extensionTypes[extension]) || fallback;
}

export function toGeneratedFile(file: FalFile, fallbackMediaType: string): GeneratedFile {
  return {
    mediaType: mediaTypeOf(file, fallbackMediaType),
    url: file.url,
    ...(typeof file.file_size === 'number' && file.file_size > 0 ? { expectedBytes: file.file_size } : {}),
  };
}

/** Images from `{images: [...]}` or `{image: {...}}`, with fal's NSFW flags. */
export function readImages(data: unknown): { files: FalFile[]; nsfw: boolean[] } | undefined {
  if (data == null || typeof data !== 'object') return undefined;
  const record = data as Record<string, unknown>;
  const list = Array.isArray(record.images) ? record.images : isFalFile(record.image) ? [record.image] : undefined;
  if (!list) return undefined;
  const files = list.filter(isFalFile);
  if (files.length === 0) return undefined;
  const flags = Array.isArray(record.has_nsfw_concepts) ? record.has_nsfw_concepts.map((flag) => flag === true) : [];
  return { files, nsfw: files.map((_, index) => flags[index] ?? false) };
}

/** The clip from `{video: {...}}` (or a bare `video_url`). */
export function readVideo(data: unknown): FalFile | undefined {
  if (data == null || typeof data !== 'object') return undefined;
  const record = data as Record<string, unknown>;
  if (isFalFile(record.video)) return record.video;
  if (typeof record.video_url === 'string') return { url: record.video_url };
  return undefined;
}

/** The audio from `{audio: {...}}` (or a bare `audio_url`), and its length when the model says. */
export function readAudio(data: unknown): { file: FalFile; durationSeconds?: number } | undefined {
  if (data == null || typeof data !== 'object') return undefined;
  const record = data as Record<string, unknown>;
  const file = isFalFile(record.audio) ? record.audio : typeof record.audio_url === 'string' ? { url: record.audio_url } : undefined;
  if (!file) return undefined;
  const durationSeconds =
    typeof record.duration_ms === 'number' ? record.duration_ms / 1000 : typeof record.duration === 'number' ? record.duration : undefined;
  return { file, ...(durationSeconds != null ? { durationSeconds } : {}) };
}
