export { createSwatch, swatch, type SwatchProvider, type SwatchProviderSettings, type SwatchImageModelId } from './swatch-provider.js';
