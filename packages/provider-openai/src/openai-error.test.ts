import { describe, expect, it } from 'vitest';
import { redactSecrets, truncate } from './openai-error.js';
import { isStrictCompatible } from './openai-text-model.js';

describe('redactSecrets', () => {
  it('removes the given key, OpenAI-shaped keys, bearer tokens and api_key fields', () => {
    const text = 'key=my-plain-key-42 sk-proj-abc123DEF456 Authorization: Bearer tok_987 {"api_key":"zzz-top"}';
    const redacted = redactSecrets(text, ['my-plain-key-42']);
    for (const secret of ['my-plain-key-42', 'abc123DEF456', 'tok_987', 'zzz-top']) expect(redacted).not.toContain(secret);
  });

  it('removes the masked echo OpenAI puts in 401 messages', () => {
    expect(redactSecrets('Incorrect API key provided: sk-pro********************wxyz.')).not.toContain('wxyz');
  });
});

describe('truncate', () => {
  it('says how much it left out', () => {
    expect(truncate('a'.repeat(510), 500)).toBe(`${'a'.repeat(500)}… (10 more characters)`);
    expect(truncate('short')).toBe('short');
  });
});

describe('isStrictCompatible', () => {
  it('accepts closed objects with every property required', () => {
    expect(isStrictCompatible({ type: 'object', properties: { a: { type: 'string' } }, required: ['a'], additionalProperties: false })).toBe(true);
    expect(isStrictCompatible({ type: 'object', properties: { default: { type: 'string' } }, required: ['default'], additionalProperties: false })).toBe(true);
  });

  it('refuses optional properties, open objects and defaults', () => {
    expect(isStrictCompatible({ type: 'object', properties: { a: { type: 'string' } }, required: [], additionalProperties: false })).toBe(false);
    expect(isStrictCompatible({ type: 'object', properties: { a: { type: 'string' } }, required: ['a'] })).toBe(false);
    expect(isStrictCompatible({ type: 'object', properties: { a: { type: 'string', default: 'x' } }, required: ['a'], additionalProperties: false })).toBe(false);
  });
});
