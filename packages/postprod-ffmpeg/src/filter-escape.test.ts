import { describe, expect, it } from 'vitest';
import { wrapText } from './text-wrap.js';
import { escapeFilterValue } from './filter-escape.js';

describe('escapeFilterValue', () => {
  it('escapes for the option parser, then for the graph parser', () => {
    expect(escapeFilterValue('/tmp/plain/font.ttf')).toBe('/tmp/plain/font.ttf');
    expect(escapeFilterValue('/a:b')).toBe('/a\\\\:b');
    expect(escapeFilterValue("it's")).toBe("it\\\\\\'s");
    expect(escapeFilterValue('/x [1], y; z')).toBe('/x \\[1\\]\\, y\\; z');
    expect(escapeFilterValue('C:\\fonts')).toBe('C\\\\:\\\\\\\\fonts');
  });
});

describe('wrapText', () => {
  it('breaks at spaces, keeps existing line breaks and splits words longer than a line', () => {
    expect(wrapText('one two three four', 9)).toBe('one two\nthree\nfour');
    expect(wrapText('first\nsecond line', 20)).toBe('first\nsecond line');
    expect(wrapText('日本語のテキストです', 4)).toBe('日本語の\nテキスト\nです');
  });
});
