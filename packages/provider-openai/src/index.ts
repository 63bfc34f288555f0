export { createOpenAI, openai, checkOpenAIKey, missingKeyError } from './openai-provider.js';
export type { OpenAIProvider, OpenAIProviderSettings } from './openai-provider.js';
export { OpenAITextModel, isStrictCompatible } from './openai-text-model.js';
export type { OpenAITextModelSettings } from './openai-text-model.js';
export { OpenAIImageModel, imageSizeFor, parseAspectRatio } from './openai-image-model.js';
export type { OpenAIImageModelSettings } from './openai-image-model.js';
export { OpenAISpeechModel, resolveVoice } from './openai-speech-model.js';
export type { OpenAISpeechModelSettings } from './openai-speech-model.js';
export { openaiCatalogue, getOpenAIModelInfo, resolveOpenAIModel } from './openai-catalogue.js';
export type {
  OpenAICatalogueEntry,
  OpenAIImageCapabilities,
  OpenAIImageModelId,
  OpenAIModelKind,
  OpenAIModelStatus,
  OpenAISpeechCapabilities,
  OpenAISpeechModelId,
  OpenAITextCapabilities,
  OpenAITextModelId,
  ResolvedOpenAIModel,
} from './openai-catalogue.js';
export { openaiPrices, textCost, imageCost, speechCost, estimateTokens } from './openai-prices.js';
export type { OpenAIImagePrice, OpenAISpeechPrice, OpenAITextPrice, PriceConfidence, PriceProvenance } from './openai-prices.js';
export { mapOpenAIError, redactSecrets } from './openai-error.js';
export { mp3DurationSeconds } from './mp3-duration.js';
