import type { ModelWarning } from '@cinema/core';
import type { ReplicateCatalogueEntry } from './replicate-catalogue.js';
import { findHardwarePrice, findPriceRow, priceUnits, roundUsd } from './replicate-prices.js';
import type { ReplicatePriceRow } from './replicate-prices.js';

export interface CostInput {
  modelName: string;
  entry: ReplicateCatalogueEntry | undefined;
  /** The input as sent (defaults included). */
  input: Record<string, unknown>;
  /** Files the prediction produced (or is expected to produce). */
  outputCount: number;
  /** `metrics.predict_time`, once known. */
  predictTimeSeconds?: number;
  /** The model's hardware SKU, for models billed by run time. */
  hardware?: string;
  prices?: readonly ReplicatePriceRow[];
}

/**
 * Dollars a prediction costs: per output from the price table for official models, else
 * `predict_time` × the hardware's per-second price. Unknown prices give 0 and a warning.
 */
export function predictionCost(options: CostInput): { costUsd: number; warning?: ModelWarning } {
  const row = findPriceRow(options.modelName, options.input, options.prices);
  if (row) return { costUsd: priceUnits(row, units(row, options)) };
  if (options.hardware) {
    const hardware = findHardwarePrice(options.hardware);
    if (!hardware) {
      return {
        costUsd: 0,
        warning: { type: 'other', setting: 'hardware', message: `No price for Replicate hardware "${options.hardware}"; cost reported as 0.` },
      };
    }
    if (options.predictTimeSeconds != null) {
      return { costUsd: roundUsd(options.predictTimeSeconds * hardware.usdPerSecond) };
    }
    return { costUsd: 0 };
  }
  return {
    costUsd: 0,
    warning: {
      type: 'other',
      message: `No price known for Replicate model ${options.modelName}; cost reported as 0${options.predictTimeSeconds != null ? ` (it ran ${options.predictTimeSeconds.toFixed(1)} s)` : ''}. Pass \`hardware\` in the model settings to cost it by run time.`,
    },
  };
}

function units(row: ReplicatePriceRow, options: CostInput): number {
  switch (row.unit) {
    case 'image':
      return options.outputCount;
    case 'video':
      return 1;
    case 'second-of-output': {
      const duration = Number(options.input.duration);
      if (Number.isFinite(duration) && duration > 0) return duration;
      return options.entry?.kind === 'video' ? (options.entry.durations[0] ?? 0) : 0;
    }
    case '1k-characters': {
      const text = options.input.text;
      return typeof text === 'string' ? [...text].length / 1000 : 0;
    }
  }
}
