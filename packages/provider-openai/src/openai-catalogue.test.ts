import { ConfigError } from '@cinema/core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { getOpenAIModelInfo, openaiCatalogue, resolveOpenAIModel, type OpenAIImageModelId, type OpenAITextModelId } from './openai-catalogue.js';

describe('openaiCatalogue', () => {
  it('gives every retired or deprecated model a date or a replacement, and every model a source', () => {
    for (const [id, entry] of Object.entries(openaiCatalogue)) {
      expect(entry.source, id).not.toBe('');
      if (entry.status === 'retired') expect('retiredOn' in entry && entry.retiredOn, id).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      if (entry.status === 'deprecated') expect('replacement' in entry && entry.replacement, id).toBeTruthy();
      if ('replacement' in entry && entry.replacement) {
        const replacement = getOpenAIModelInfo(entry.replacement);
        expect(replacement?.status, `${id} → ${entry.replacement}`).toBe('active');
      }
    }
  });

  it('knows gpt-image-1 and Sora are gone', () => {
    expect(getOpenAIModelInfo('gpt-image-1')).toMatchObject({ status: 'retired', retiredOn: '2026-10-23' });
    expect(getOpenAIModelInfo('sora-2')).toMatchObject({ kind: 'video', status: 'retired', retiredOn: '2026-09-24' });
    expect(() => resolveOpenAIModel('video', 'sora-2-pro')).toThrow(/Videos API was shut down/);
  });

  it('does not treat inherited object keys as models', () => {
    expect(getOpenAIModelInfo('constructor')).toBeUndefined();
    expect(getOpenAIModelInfo('toString')).toBeUndefined();
  });

  it('rejects an empty id', () => {
    expect(() => resolveOpenAIModel('text', '')).toThrow(ConfigError);
  });

  it('offers the catalogue ids as suggestions and still takes any string', () => {
    expectTypeOf<'gpt-5'>().toMatchTypeOf<OpenAITextModelId>();
    expectTypeOf<'gpt-image-2'>().toMatchTypeOf<OpenAIImageModelId>();
    expectTypeOf<string>().toMatchTypeOf<OpenAITextModelId>();
  });
});
