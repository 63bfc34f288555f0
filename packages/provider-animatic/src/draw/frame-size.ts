/** Pixel size for an aspect ratio: 16:9 → 1280x720, 1:1 → 720x720, 9:16 → 720x1280; others keep 720 on the short side. */
export function frameSize(aspectRatio: string): { width: number; height: number } | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*:\s*(\d+(?:\.\d+)?)\s*$/.exec(aspectRatio);
  if (!match) return undefined;
  const ratio = Number(match[1]) / Number(match[2]);
  if (!Number.isFinite(ratio) || ratio <= 0 || ratio > 4 || ratio < 0.25) return undefined;
  const even = (value: number) => Math.round(value / 2) * 2;
  return ratio >= 1 ? { width: even(720 * ratio), height: 720 } : { width: 720, height: even(720 / ratio) };
}
