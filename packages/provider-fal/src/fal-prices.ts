/**
 * Published fal.ai prices in US dollars. Prices drift: every row keeps its source, the date the
 * figure was compiled and how sure it is. Compiled 2026-11-24 from the provider-protocols
 * reference (§4); replace rows through `createFal({ prices })` when fal's page says otherwise.
 */
export const falPriceTableVersion = '2026-11-24';

/** How a price is billed. */
export type FalPriceUnit =
  /** `usd` per output megapixel, rounded up to whole megapixels per image. */
  | { type: 'per-megapixel'; usd: number }
  | { type: 'per-image'; usd: number }
  /** `usd` per second of video; `usdWithAudio` when the clip has its own soundtrack; `usd4k*` at 4k. */
  | { type: 'per-second'; usd: number; usdWithAudio?: number; usd4k?: number; usd4kWithAudio?: number }
  /** `usd` for the first `baseSeconds`, then `usdPerExtraSecond`. */
  | { type: 'per-clip'; usd: number; baseSeconds: number; usdPerExtraSecond: number }
  /** `usdPerMillion` per million video tokens, tokens = height × width × fps × seconds / 1024. */
  | { type: 'per-video-token'; usdPerMillion: number; width: number; height: number; fps: number }
  /** `usd` per 1,000 characters of text. */
  | { type: 'per-thousand-characters'; usd: number };

export interface FalPriceRow {
  price: FalPriceUnit;
  /** Where the figure comes from. */
  source: string;
  /** When the figure was read or compiled (ISO date). */
  retrieved: string;
  /** `official`: fal's own page. `unconfirmed`: third-party tables only. `assumed`: borrowed from a sibling model. */
  confidence: 'official' | 'unconfirmed' | 'assumed';
}

const compiled = '2026-11-24';

/** Price rows by fal endpoint id. Endpoints missing here report `costUsd: 0` with a warning. */
export const falPrices: Readonly<Record<string, FalPriceRow>> = {
  'fal-ai/flux/dev': {
    price: { type: 'per-megapixel', usd: 0.025 },
    source: 'fal.ai/models/fal-ai/flux-1/dev/llms.txt',
    retrieved: compiled,
    confidence: 'official',
  },
  'fal-ai/flux/schnell': {
    price: { type: 'per-megapixel', usd: 0.003 },
    source: 'third-party reseller tables',
    retrieved: compiled,
    confidence: 'unconfirmed',
  },
  'fal-ai/flux-pro/kontext': {
    price: { type: 'per-image', usd: 0.04 },
    source: 'oauth.openai-hk.com (third party)',
    retrieved: compiled,
    confidence: 'unconfirmed',
  },
  'fal-ai/flux-pro/kontext/multi': {
    price: { type: 'per-image', usd: 0.04 },
    source: 'assumed equal to fal-ai/flux-pro/kontext',
    retrieved: compiled,
    confidence: 'assumed',
  },
  'fal-ai/flux-pro/kontext/max': {
    price: { type: 'per-image', usd: 0.08 },
    source: 'oauth.openai-hk.com (third party)',
    retrieved: compiled,
    confidence: 'unconfirmed',
  },
  'fal-ai/flux-pro/kontext/max/multi': {
    price: { type: 'per-image', usd: 0.08 },
    source: 'assumed equal to fal-ai/flux-pro/kontext/max',
    retrieved: compiled,
    confidence: 'assumed',
  },
  'fal-ai/veo3': {
    price: { type: 'per-second', usd: 0.2, usdWithAudio: 0.4 },
    source: 'fal.ai/models/fal-ai/veo3/llms.txt',
    retrieved: compiled,
    confidence: 'official',
  },
  'fal-ai/veo3/fast': {
    price: { type: 'per-second', usd: 0.1, usdWithAudio: 0.15 },
    source: 'fal.ai/models/fal-ai/veo3/fast/llms.txt',
    retrieved: compiled,
    confidence: 'official',
  },
  ...Object.fromEntries(
    ['fal-ai/veo3.1', 'fal-ai/veo3.1/image-to-video', 'fal-ai/veo3.1/first-last-frame-to-video'].map((id) => [
      id,
      {
        price: { type: 'per-second', usd: 0.2, usdWithAudio: 0.4, usd4k: 0.4, usd4kWithAudio: 0.6 },
        source:
          id === 'fal-ai/veo3.1'
            ? 'fal.ai/models/fal-ai/veo3.1/llms.txt'
            : 'fal.ai/models/fal-ai/veo3.1/llms.txt (assumed to cover this mode endpoint)',
        retrieved: compiled,
        confidence: id === 'fal-ai/veo3.1' ? 'official' : 'assumed',
      } satisfies FalPriceRow,
    ]),
  ),
  ...Object.fromEntries(
    ['fal-ai/veo3.1/fast', 'fal-ai/veo3.1/fast/image-to-video', 'fal-ai/veo3.1/fast/first-last-frame-to-video'].map((id) => [
      id,
      {
        price: { type: 'per-second', usd: 0.1, usdWithAudio: 0.15 },
        source: 'assumed equal to fal.ai/models/fal-ai/veo3/fast/llms.txt',
        retrieved: compiled,
        confidence: 'assumed',
      } satisfies FalPriceRow,
    ]),
  ),
  'fal-ai/kling-video/v2.1/pro/image-to-video': {
    price: { type: 'per-clip', usd: 0.49, baseSeconds: 5, usdPerExtraSecond: 0.098 },
    source: 'fal.ai/models/fal-ai/kling-video/v2.1/pro/image-to-video',
    retrieved: compiled,
    confidence: 'official',
  },
  'fal-ai/kling-video/v3/pro/image-to-video': {
    price: { type: 'per-second', usd: 0.224 },
    source: 'keigit (third party, 2026-05)',
    retrieved: compiled,
    confidence: 'unconfirmed',
  },
  'fal-ai/bytedance/seedance/v1/pro/fast/image-to-video': {
    price: { type: 'per-video-token', usdPerMillion: 1, width: 1920, height: 1080, fps: 24 },
    source: 'fal.ai/models/fal-ai/bytedance/seedance/v1/pro/fast/image-to-video/llms.txt (1080p, 24 fps assumed)',
    retrieved: compiled,
    confidence: 'official',
  },
};

/** Dollars for one call, from a price row. */
export function priceFor(
  row: FalPriceRow,
  usage: { images?: number; megapixels?: number[]; seconds?: number; withAudio?: boolean; resolution?: string; characters?: number },
): number {
  const { price } = row;
  switch (price.type) {
    case 'per-megapixel': {
      const megapixels = usage.megapixels ?? Array.from({ length: usage.images ?? 1 }, () => 1);
      return roundUsd(megapixels.reduce((sum, value) => sum + Math.max(1, Math.ceil(value - 1e-9)), 0) * price.usd);
    }
    case 'per-image':
      return roundUsd((usage.images ?? 1) * price.usd);
    case 'per-second': {
      const is4k = usage.resolution === '4k';
      const rate = usage.withAudio
        ? (is4k ? price.usd4kWithAudio : undefined) ?? price.usdWithAudio ?? price.usd
        : (is4k ? price.usd4k : undefined) ?? price.usd;
      return roundUsd((usage.seconds ?? 0) * rate);
    }
    case 'per-clip': {
      const extra = Math.max(0, (usage.seconds ?? price.baseSeconds) - price.baseSeconds);
      return roundUsd(price.usd + extra * price.usdPerExtraSecond);
    }
    case 'per-video-token': {
      const tokens = (price.height * price.width * price.fps * (usage.seconds ?? 0)) / 1024;
      return roundUsd((tokens / 1_000_000) * price.usdPerMillion);
    }
    case 'per-thousand-characters':
      return roundUsd(((usage.characters ?? 0) / 1000) * price.usd);
  }
}

function roundUsd(value: number): number {
  return Math.round(value * 1_000_000) / 1_000_000;
}
