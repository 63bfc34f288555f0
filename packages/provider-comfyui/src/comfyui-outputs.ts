/** A file an output node saved, as the history lists it. */
export interface ComfyOutputFile {
  filename: string;
  subfolder?: string;
  /** `output` for saved files, `temp` for previews. */
  type?: string;
  /** Video Helper Suite's media type, e.g. `video/h264-mp4`. */
  format?: string;
}

/**
 * What one output node left in the history. Pictures are under `images` (SaveImage), videos under
 * `images` with `animated` (core SaveVideo, SaveWEBM), `gifs` (Video Helper Suite) or `videos`,
 * audio under `audio` (SaveAudio and its MP3 and Opus kin).
 */
export type ComfyNodeOutput = Partial<Record<'images' | 'gifs' | 'videos' | 'audio', ComfyOutputFile[]>> & Record<string, unknown>;

export type ComfyOutputKind = 'image' | 'video' | 'audio';

const extensionTypes: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
  mp4: 'video/mp4',
  webm: 'video/webm',
  mov: 'video/quicktime',
  mkv: 'video/x-matroska',
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
  flac: 'audio/flac',
  ogg: 'audio/ogg',
  opus: 'audio/opus',
  m4a: 'audio/mp4',
};

/** A file's media type: from its extension, else from the node's `format`, else undefined. */
export function mediaTypeOf(file: ComfyOutputFile): string | undefined {
  const extension = /\.([a-z0-9]+)$/i.exec(file.filename)?.[1]?.toLowerCase();
  const byExtension = extension ? extensionTypes[extension] : undefined;
  if (byExtension) return byExtension;
  const format = file.format?.split(';')[0]?.trim();
  if (format?.startsWith('video/')) return 'video/mp4';
  return format && format.includes('/') ? format : undefined;
}

const isFile = (value: unknown): value is ComfyOutputFile =>
  value != null && typeof value === 'object' && typeof (value as ComfyOutputFile).filename === 'string' && (value as ComfyOutputFile).filename !== '';

/**
 * The files of one kind a finished prompt saved, in node-id order (only `onlyNode`'s when given),
 * saved outputs before temporary previews.
 */
export function outputFilesOf(
  outputs: Record<string, ComfyNodeOutput>,
  kind: ComfyOutputKind,
  onlyNode?: string,
): { nodeId: string; file: ComfyOutputFile; mediaType: string }[] {
  const found: { nodeId: string; file: ComfyOutputFile; mediaType: string }[] = [];
  for (const [nodeId, output] of Object.entries(outputs)) {
    if (onlyNode !== undefined && nodeId !== onlyNode) continue;
    for (const key of ['images', 'gifs', 'videos', 'audio'] as const) {
      const files = output[key];
      if (!Array.isArray(files)) continue;
      for (const file of files.filter(isFile)) {
        const mediaType = mediaTypeOf(file);
        if (mediaType?.startsWith(`${kind}/`)) found.push({ nodeId, file, mediaType });
      }
    }
  }
  return [...found.filter((item) => item.file.type !== 'temp'), ...found.filter((item) => item.file.type === 'temp')];
}
