import { describe, expect, it } from 'vitest';
import { toSimplified, toTraditional } from '../../src/text/index.js';

describe('toSimplified', () => {
  it('converts Traditional Chinese and says it was Traditional', () => {
    expect(toSimplified('什麼是注意力機制？')).toEqual({ text: '什么是注意力机制？', traditional: true });
  });

  it('leaves Simplified Chinese, English and mixed text as they are', () => {
    expect(toSimplified('什么是注意力机制？')).toEqual({ text: '什么是注意力机制？', traditional: false });
    expect(toSimplified('What is RAG?')).toEqual({ text: 'What is RAG?', traditional: false });
    expect(toSimplified('LLM 里的 temperature 是干什么的？').traditional).toBe(false);
  });

  it('converts characters, not terms, so machine-learning words keep their meaning', () => {
    // OpenCC's Taiwan phrase tables would turn 序列 (sequence) into 串行 (serial).
    expect(toSimplified('序列到序列模型為什麼重要？').text).toBe('序列到序列模型为什么重要？');
  });

  it('does not take a Simplified text with one character the converter also maps for Traditional', () => {
    // 著 in 显著 is Simplified too; the converter would turn it into 着.
    expect(toSimplified('为什么效果显著提升')).toEqual({ text: '为什么效果显著提升', traditional: false });
  });
});

describe('toTraditional', () => {
  it('answers a Traditional learner in Traditional characters, terms unchanged', () => {
    expect(toTraditional('模型的参数量与注意力机制')).toBe('模型的參數量與注意力機制');
  });
});
