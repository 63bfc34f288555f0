import { runProviderConformance } from '@cinema/core/testing';
import { createEspeak } from './espeak-provider.js';

runProviderConformance('espeak', { provider: createEspeak(), speechModelId: 'espeak-ng' });
