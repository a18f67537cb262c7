import { describe, expect, it } from 'vitest';
import { BankVocabulary, editDistance } from '../../src/retrieval/index.js';

const vocabulary = new BankVocabulary([
  'The attention mechanism weighs tokens. Attention scores use softmax.',
  'Beam search keeps the top-k beams; greedy search keeps one. The beam width is k.',
  'Hallucination and hallucinations: the model makes facts up.',
  'KV cache and cache sizes.',
]);

describe('editDistance', () => {
  it('counts a swap of neighbours as one edit', () => {
    expect(editDistance('serach', 'search')).toBe(1);
    expect(editDistance('atention', 'attention')).toBe(1);
    expect(editDistance('abc', 'xyz', 1)).toBe(2);
  });
});

describe('BankVocabulary', () => {
  it('corrects a word typed in a hurry to the bank\'s spelling', () => {
    expect(vocabulary.correct('atention')).toBe('attention');
    expect(vocabulary.correct('serach')).toBe('search');
    expect(vocabulary.correct('hallucinaton')).toBe('hallucination');
  });

  it('splits two bank words run together', () => {
    expect(vocabulary.correct('beamsearch')).toBe('beam search');
  });

  it('corrects a short non-word to the function word it resembles', () => {
    expect(vocabulary.correct('teh')).toBe('the');
  });

  it('leaves English words, known words and far-off words alone', () => {
    expect(vocabulary.correct('boring')).toBeUndefined();
    expect(vocabulary.correct('attention')).toBeUndefined();
    expect(vocabulary.correct('lorawan')).toBeUndefined();
    expect(vocabulary.correct('tsne')).toBeUndefined();
  });

  it('knows the joined form of a hyphenated word and other forms of a word', () => {
    expect(vocabulary.knows('topk')).toBe(true);
    expect(vocabulary.knows('beam')).toBe(true);
    expect(vocabulary.knows('caches')).toBe(true);
  });
});
