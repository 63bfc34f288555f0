import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** How an export names its media: absolute paths, or paths relative to the export's own folder. */
export interface MediaPathStyle {
  /** The folder the export is written to, for relative paths (so the folder can be moved or zipped). Default: absolute paths. */
  relativeTo?: string;
}

/** A media file as a plain path (MLT, EDL comments): absolute, or relative with `/` separators. */
export function mediaPath(file: string, style: MediaPathStyle): string {
  if (style.relativeTo == null) return path.resolve(file);
  return path.relative(path.resolve(style.relativeTo), path.resolve(file)).split(path.sep).join('/');
}

/** A media file as a URL (OTIO, FCPXML): `file:///…`, or a relative URL with its characters escaped. */
export function mediaUrl(file: string, style: MediaPathStyle): string {
  if (style.relativeTo == null) return pathToFileURL(path.resolve(file)).href;
  return mediaPath(file, style).split('/').map(encodeURIComponent).join('/');
}

/** The absolute file a media URL or path in an export names, resolved against the export's folder. */
export function fileOfMediaUrl(url: string, exportDir: string): string {
  if (url.startsWith('file://')) return decodeURIComponent(new URL(url).pathname);
  if (/^[a-z][a-z0-9+.-]*:/i.test(url)) return url;
  return path.resolve(exportDir, decodeURIComponent(url));
}
