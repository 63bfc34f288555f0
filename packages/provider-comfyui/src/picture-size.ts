import type { ModelWarning } from '@cinema/core';

/** Width over height of `16:9`, `4x3` or `1.85:1`; undefined when it is not a ratio. */
export function ratioOf(aspectRatio: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*[:x/]\s*(\d+(?:\.\d+)?)$/.exec(aspectRatio.trim());
  if (!match) return undefined;
  const width = Number(match[1]);
  const height = Number(match[2]);
  return width > 0 && height > 0 ? width / height : undefined;
}

const toMultipleOf16 = (value: number) => Math.max(16, Math.round(value / 16) * 16);

/**
 * The width and height to draw at: the call's own size, on the 16-pixel grid, when it has a usable one, else the aspect
 * ratio at about `pixels` pixels (the workflow's own width × height, so a 480p video workflow stays
 * 480p). Latent models want multiples of 8; 16 keeps every model family happy.
 */
export function pictureSize(
  options: { aspectRatio: string; size?: { width: number; height: number } },
  pixels: number,
  warnings: ModelWarning[],
  where: string,
): { width: number; height: number } {
  const { size } = options;
  if (size) {
    if (Number.isFinite(size.width) && Number.isFinite(size.height) && size.width > 0 && size.height > 0) {
      // Rounding to the 16-pixel grid is silent: the editor scales every picture to the film's size anyway.
      return { width: toMultipleOf16(size.width), height: toMultipleOf16(size.height) };
    }
    warnings.push({ type: 'unsupported-setting', setting: 'size', message: `${where}: ${size.width}x${size.height} is not a picture size; drawing for the aspect ratio instead.` });
  }
  let ratio = ratioOf(options.aspectRatio);
  if (ratio === undefined) {
    warnings.push({ type: 'unsupported-setting', setting: 'aspectRatio', message: `${where}: "${options.aspectRatio}" is not an aspect ratio; drawing 16:9.` });
    ratio = 16 / 9;
  }
  return { width: toMultipleOf16(Math.sqrt(pixels * ratio)), height: toMultipleOf16(Math.sqrt(pixels / ratio)) };
}
