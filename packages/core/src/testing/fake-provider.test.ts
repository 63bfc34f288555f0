import { runProviderConformance } from './provider-conformance.js';
import { createFakeProvider } from './fake-provider.js';

runProviderConformance('fake', {
  provider: createFakeProvider({ latencyMs: { video: 30 } }),
  textModelId: 'writer',
  imageModelId: 'image',
  videoModelId: 'video',
  speechModelId: 'speech',
  script: 'Scene one.\n\nScene two.',
});
