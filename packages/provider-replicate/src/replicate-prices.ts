import type { JsonValue } from '@cinema/core';
import type { ReplicateConfidence } from './replicate-catalogue.js';

/** Bumped whenever a row changes; results and estimates are only as good as this date. */
export const REPLICATE_PRICES_VERSION = '2026-11-24';

/** What one price unit is. */
export type ReplicatePriceUnit = 'image' | 'video' | 'second-of-output' | '1k-characters';

/** One published price of an official (billed per output) Replicate model. */
export interface ReplicatePriceRow {
  /** `owner/name`. */
  model: string;
  unit: ReplicatePriceUnit;
  usd: number;
  /** Input values the row applies to (e.g. `{ mode: 'pro' }`); the first matching row wins. */
  when?: Record<string, JsonValue>;
  source: string;
  /** When the source was read (crawl dates of stored copies are unknown). */
  retrieved: string;
  confidence: ReplicateConfidence;
}

/** Price of one second of a hardware class, for models billed by run time (`metrics.predict_time`). */
export interface ReplicateHardwarePrice {
  /** Replicate's hardware SKU, e.g. `gpu-a100-large`. */
  hardware: string;
  usdPerSecond: number;
  source: string;
  retrieved: string;
  confidence: ReplicateConfidence;
}

const reference = 'shared/reference/provider-protocols.md §4';
const pricingPage = 'replicate.com/pricing (stored copy, crawl date unknown)';

/**
 * Prices of the catalogued models. Replicate's official models are billed per output, not per
 * second (replicate.com/changelog/2025-01-29-official-models). Unconfirmed rows are the best
 * figure found; check replicate.com before trusting a budget to them.
 */
export const replicatePrices: readonly ReplicatePriceRow[] = [
  {
    model: 'black-forest-labs/flux-schnell',
    unit: 'image',
    usd: 0.003,
    source: `${reference}: workflowlab.dev (2026-05) citing replicate.com/pricing`,
    retrieved: '2026-11-24',
    confidence: 'secondary',
  },
  {
    model: 'black-forest-labs/flux-kontext-pro',
    unit: 'image',
    usd: 0.04,
    source: `${reference}: third-party reseller list`,
    retrieved: '2026-11-24',
    confidence: 'unconfirmed',
  },
  {
    model: 'kwaivgi/kling-v2.1',
    unit: 'second-of-output',
    usd: 0.09,
    when: { mode: 'pro' },
    source: 'docs.hyprlab.io Kling 2.1 list ($0.315 per 5 s at 30% off = $0.45) and docs.runpod.io ($0.45 per 5 s); replicate.com page not retrieved',
    retrieved: '2026-11-24',
    confidence: 'unconfirmed',
  },
  {
    model: 'kwaivgi/kling-v2.1',
    unit: 'second-of-output',
    usd: 0.05,
    source: 'docs.hyprlab.io Kling 2.1 standard ($0.175 per 5 s at 30% off = $0.25); replicate.com page not retrieved',
    retrieved: '2026-11-24',
    confidence: 'unconfirmed',
  },
  ...(['480p', '720p', '1080p'] as const).map((resolution, index) => ({
    model: 'bytedance/seedance-1-pro',
    unit: 'second-of-output' as const,
    usd: [0.03, 0.06, 0.15][index]!,
    when: { resolution },
    source: 'replicate.com/bytedance/seedance-1-pro pricing as recalled, not retrieved; wavespeed.ai lists $0.03/s 480p and $0.12/s 1080p',
    retrieved: '2026-11-24',
    confidence: 'unconfirmed' as const,
  })),
  ...(['480p', '720p', '1080p'] as const).map((resolution, index) => ({
    model: 'bytedance/seedance-1-lite',
    unit: 'second-of-output' as const,
    usd: [0.018, 0.036, 0.072][index]!,
    when: { resolution },
    source: 'replicate.com/bytedance/seedance-1-lite pricing as recalled, not retrieved',
    retrieved: '2026-11-24',
    confidence: 'unconfirmed' as const,
  })),
  {
    model: 'google/veo-3',
    unit: 'second-of-output',
    usd: 0.4,
    source: 'no Replicate figure found; fal.ai/models/fal-ai/veo3/llms.txt (official, with audio) used as a proxy',
    retrieved: '2026-11-24',
    confidence: 'unconfirmed',
  },
  {
    model: 'google/veo-3-fast',
    unit: 'second-of-output',
    usd: 0.15,
    source: 'no Replicate figure found; fal.ai/models/fal-ai/veo3/fast/llms.txt (official, with audio) used as a proxy',
    retrieved: '2026-11-24',
    confidence: 'unconfirmed',
  },
  {
    model: 'minimax/video-01',
    unit: 'video',
    usd: 0.5,
    source: `${reference}: third-party reseller list`,
    retrieved: '2026-11-24',
    confidence: 'unconfirmed',
  },
  {
    model: 'minimax/speech-02-hd',
    unit: '1k-characters',
    usd: 0.1,
    source: 'aigateway.sh/models/minimax/minimax-speech-02-hd (pass-through price); replicate.com bills one token per character',
    retrieved: '2026-11-24',
    confidence: 'unconfirmed',
  },
];

/** Per-second hardware prices, for community models billed by run time. */
export const replicateHardwarePrices: readonly ReplicateHardwarePrice[] = [
  ['cpu', 0.0001],
  ['gpu-t4', 0.000225],
  ['gpu-a40-small', 0.000575],
  ['gpu-a40-large', 0.000725],
  ['gpu-l40s', 0.000975],
  ['gpu-a100-large', 0.0014],
  ['gpu-h100', 0.001525],
].map(([hardware, usdPerSecond]) => ({
  hardware: hardware as string,
  usdPerSecond: usdPerSecond as number,
  source: pricingPage,
  retrieved: '2026-11-24',
  confidence: 'official' as const,
}));

/** The first price row of `model` whose `when` matches `input`. */
export function findPriceRow(
  model: string,
  input: Record<string, unknown>,
  rows: readonly ReplicatePriceRow[] = replicatePrices,
): ReplicatePriceRow | undefined {
  return rows.find(
    (row) => row.model === model && Object.entries(row.when ?? {}).every(([key, value]) => input[key] === value),
  );
}

/** The per-second price of a hardware SKU. */
export function findHardwarePrice(hardware: string): ReplicateHardwarePrice | undefined {
  return replicateHardwarePrices.find((row) => row.hardware === hardware);
}

/** Dollars for `units` of a row, rounded to a micro-dollar. */
export function priceUnits(row: ReplicatePriceRow, units: number): number {
  return roundUsd(row.usd * units);
}

export function roundUsd(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
