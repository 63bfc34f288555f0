import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runProviderConformance } from '@cinema/core/testing';
import { createAnimatic } from './animatic-provider.js';

runProviderConformance('animatic', {
  provider: createAnimatic({ cacheDir: mkdtempSync(join(tmpdir(), 'cinema-animatic-conformance-')) }),
  textModelId: 'writer',
  imageModelId: 'storyboard',
  videoModelId: 'ken-burns',
  speechModelId: 'espeak-ng',
});
