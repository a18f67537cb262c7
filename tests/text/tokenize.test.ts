import { describe, expect, it } from 'vitest';
import { detectLanguage, splitSentences, stemWord, tokenize, tokenizeWeighted } from '../../src/text/index.js';

describe('tokenize', () => {
  it('stems English words so inflections meet', () => {
    expect(tokenize('tokenization tokens')).toEqual([stemWord('tokenization'), stemWord('tokens')]);
    expect(stemWord('biased')).toBe(stemWord('bias'));
    expect(stemWord('embeddings')).toBe(stemWord('embed'));
  });

  it('drops question phrasing', () => {
    expect(tokenize('What is the context window?')).toEqual(['context', 'window']);
  });

  it('keeps top-k and top-p apart through their joined forms', () => {
    expect(tokenize('top-k')).toContain('topk');
    expect(tokenize('top-p')).toContain('topp');
    expect(tokenize('top-p')).not.toContain('topk');
  });

  it('cuts Chinese into words, drops question phrases, and keeps a long word\'s bigrams as one unit', () => {
    expect(tokenize('什么是上下文窗口？')).toEqual(['上下', '下文', '窗口']);
    const tokens = tokenizeWeighted('温度参数的目的');
    // No bigram across two words ("度参"), and 目的 is not split by the particle 的.
    expect(tokens.map((token) => token.term)).toEqual(['温度', '参数', '目的']);
    const [first, second] = tokenizeWeighted('上下文');
    expect(first?.group).toBe(second?.group);
  });

  it('does not cut a word at a question phrase inside it (作用 in 副作用)', () => {
    const tokens = tokenizeWeighted('副作用');
    expect(tokens.map((token) => token.term)).toEqual(['副作', '作用']);
    expect(new Set(tokens.map((token) => token.group)).size).toBe(1);
  });

  it('reads a superlative as its adjective', () => {
    expect(stemWord('likeliest')).toBe(stemWord('likely'));
  });

  it('marks the parts of a hyphenated compound, which do not stand for it', () => {
    const tokens = tokenizeWeighted('p-value');
    expect(tokens.find((token) => token.term === 'pvalu')?.part).toBeUndefined();
    expect(tokens.find((token) => token.term === 'valu')?.part).toBe(true);
  });

  it('reads mixed English and Chinese', () => {
    const terms = tokenize('LLM 里的 temperature 是干什么的？');
    expect(terms).toContain('llm');
    expect(terms).toContain(stemWord('temperature'));
  });

  it('ignores restoration marks and LaTeX commands', () => {
    expect(tokenize('⟦$\\mathrm{softmax}(x)$⟧')).toEqual(['softmax']);
  });

  it('weighs compound parts and everyday words less than topic words', () => {
    const weights = Object.fromEntries(tokenizeWeighted('a good chain-of-thought prompt').map((token) => [token.term, token.weight]));
    expect(weights['prompt']).toBe(1);
    expect(weights['chainofthought']).toBe(1);
    expect(weights['chain']).toBeLessThan(1);
    expect(weights['good']).toBeLessThan(weights['chain'] ?? 0);
  });
});

describe('detectLanguage', () => {
  it('answers Chinese for a mixed message', () => {
    expect(detectLanguage('LLM 里的 temperature 是干什么的？')).toBe('zh');
  });

  it('answers English for English', () => {
    expect(detectLanguage('What is RAG?')).toBe('en');
  });
});

describe('splitSentences', () => {
  it('splits English and Chinese prose and keeps list items whole', () => {
    expect(splitSentences('One. Two! Three?\n- Item: a. b.\n四。五？')).toEqual(['One.', 'Two!', 'Three?', '- Item: a. b.', '四。', '五？']);
  });
});
