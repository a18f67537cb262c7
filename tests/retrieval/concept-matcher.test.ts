import { describe, expect, it } from 'vitest';
import type { Concept } from '../../src/ingest/index.js';
import { ConceptMatcher } from '../../src/retrieval/index.js';
import { normalizeText } from '../../src/text/index.js';

const concepts: Concept[] = [
  { name: 'top-p sampling', recordIds: [12], names: { en: ['top-p sampling', 'nucleus sampling', 'top p'], zh: ['核采样', 'Top-p采样'] } },
  { name: 'query, key and value', recordIds: [2], names: { en: ['query, key and value'], zh: [] } },
  { name: 'few-shot learning', recordIds: [44], names: { en: ['few-shot learning', 'few-shot', 'a few examples'], zh: [] } },
  { name: 'beam search', recordIds: [5], names: { en: ['beam search'], zh: ['束搜索'] } },
];
const matcher = new ConceptMatcher(concepts);
const found = (text: string) => matcher.find(normalizeText(text)).map((mention) => concepts[mention.concept]?.name);

describe('ConceptMatcher', () => {
  it('finds a concept by any of its names, inflected', () => {
    expect(found('How does nucleus sampling work?')).toEqual(['top-p sampling']);
    expect(found('Top P or temperature?')).toEqual(['top-p sampling']);
  });

  it('ignores connectives inside a name but keeps words such as "few"', () => {
    expect(found('queries keys values')).toEqual(['query, key and value']);
    expect(found('what is few-shot?')).toEqual(['few-shot learning']);
  });

  it('does not let a name that loses its meaning to the stop list match a bare word', () => {
    expect(found('give me some examples')).toEqual([]);
  });

  it('finds a multi-word name typed as one word', () => {
    expect(found('beamsearch vs greedy')).toEqual(['beam search']);
  });

  it('finds Chinese names with spaces and hyphens ignored, and says where', () => {
    expect(found('top-p 采样和束搜索')).toEqual(expect.arrayContaining(['top-p sampling', 'beam search']));
    const text = normalizeText('什么是核采样');
    const [mention] = matcher.find(text);
    expect(text.slice(mention!.start, mention!.end)).toBe('核采样');
  });
});
