import type { ModelWarning } from '@cinema/core';

function ratioOf(aspectRatio: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*[:x/]\s*(\d+(?:\.\d+)?)$/.exec(aspectRatio.trim());
  if (!match) return undefined;
  const width = Number(match[1]);
  const height = Number(match[2]);
  return width > 0 && height > 0 ? width / height : undefined;
}

/** The supported aspect ratio closest to the asked one, with a warning when it differs. */
export function chooseAspectRatio(
  asked: string,
  supported: readonly string[],
  warnings: ModelWarning[],
  modelId: string,
): string {
  if (supported.includes(asked) || supported.length === 0) return asked;
  const target = ratioOf(asked) ?? 16 / 9;
  let best = supported[0]!;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of supported) {
    const ratio = ratioOf(candidate);
    if (ratio == null) continue;
    const distance = Math.abs(Math.log(ratio / target));
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  warnings.push({
    type: 'unsupported-setting',
    setting: 'aspectRatio',
    message: `${modelId} does not offer aspect ratio ${asked}; using ${best} (offers ${supported.join(', ')}).`,
  });
  return best;
}

/** A width and height about one megapixel, multiples of 16, for an aspect ratio. */
export function sizeForAspectRatio(aspectRatio: string): { width: number; height: number } {
  const ratio = ratioOf(aspectRatio) ?? 16 / 9;
  const area = 1024 * 1024;
  const width = Math.round(Math.sqrt(area * ratio) / 16) * 16;
  const height = Math.round(Math.sqrt(area / ratio) / 16) * 16;
  return { width, height };
}

/** The shortest supported duration not shorter than asked (else the longest), warning when it differs. */
export function chooseDuration(asked: number, supported: readonly number[], warnings: ModelWarning[], modelId: string): number {
  const sorted = [...supported].sort((a, b) => a - b);
  if (sorted.length === 0) return asked;
  const chosen = sorted.find((duration) => duration >= asked - 1e-9) ?? sorted[sorted.length - 1]!;
  if (chosen !== asked) {
    warnings.push({
      type: 'unsupported-setting',
      setting: 'durationSeconds',
      message: `${modelId} makes clips of ${sorted.join(', ')} s; asked ${asked} s, making ${chosen} s.`,
    });
  }
  return chosen;
}
