export { createReplicate, replicate } from './replicate-provider.js';
export type { ReplicateProvider, ReplicateProviderSettings } from './replicate-provider.js';
export type { ReplicateModelSettings } from './replicate-model-runner.js';
export { ReplicateImageModel } from './replicate-image-model.js';
export { ReplicateVideoModel } from './replicate-video-model.js';
export { ReplicateSpeechModel } from './replicate-speech-model.js';
export { replicateCatalogue, findCatalogueEntry } from './replicate-catalogue.js';
export type {
  ReplicateCatalogueEntry,
  ReplicateConfidence,
  ReplicateImageCatalogueEntry,
  ReplicateImageModelId,
  ReplicateSpeechCatalogueEntry,
  ReplicateSpeechModelId,
  ReplicateVideoCatalogueEntry,
  ReplicateVideoModelId,
} from './replicate-catalogue.js';
export { REPLICATE_PRICES_VERSION, replicateHardwarePrices, replicatePrices } from './replicate-prices.js';
export type { ReplicateHardwarePrice, ReplicatePriceRow, ReplicatePriceUnit } from './replicate-prices.js';
export type { ReplicateOperation } from './replicate-prediction.js';
export type { FetchFunction, ReplicatePrediction } from './replicate-api.js';
