import { describe, expect, it } from 'vitest';
import { substringPattern } from '../../src/text/index.js';

describe('substringPattern', () => {
  const finds = (term: string, text: string) => new RegExp(substringPattern(term), 'u').test(text);

  it('finds a term inside a longer run of text, a number at its ends whole', () => {
    expect(finds('量化', '把模型量化到4位')).toBe(true);
    expect(finds('4位', '量化到4位精度')).toBe(true);
    expect(finds('4位', '用64位保存')).toBe(false);
    expect(finds('4位', '大约4.5位')).toBe(false);
    expect(finds('5位', '大约4.5位')).toBe(false);
    expect(finds('为0', '初始化为0。')).toBe(true);
    expect(finds('为0', '初始化为0.02')).toBe(false);
    expect(finds('为0', '初始化为05')).toBe(false);
  });

  it('escapes what a regular expression would read', () => {
    expect(finds('top-p (0.9)', 'use top-p (0.9) here')).toBe(true);
    expect(finds('a.b', 'axb')).toBe(false);
  });
});
