export { createFal, fal, type FalProvider, type FalProviderSettings } from './fal-provider.js';
export { FalImageModel, type FalImageRequest } from './fal-image-model.js';
export { FalVideoModel, type FalVideoModelSettings, type FalVideoRequest } from './fal-video-model.js';
export { FalSpeechModel } from './fal-speech-model.js';
export {
  falCatalogue,
  falCatalogueVersion,
  lookupFalEndpoint,
  type FalCatalogueEntry,
  type FalDurationFormat,
  type FalImageCatalogueEntry,
  type FalImageModelId,
  type FalImageSizeField,
  type FalSpeechCatalogueEntry,
  type FalSpeechModelId,
  type FalVideoCatalogueEntry,
  type FalVideoModelId,
} from './fal-catalogue.js';
export { falPrices, falPriceTableVersion, priceFor, type FalPriceRow, type FalPriceUnit } from './fal-prices.js';
export type { FalOperation } from './fal-queue.js';
