import { describe, expect, it } from 'vitest';
import { CitationFilter, extractCitations } from '../../src/generation/index.js';

function run(allowed: number[], deltas: string[]) {
  const filter = new CitationFilter(allowed);
  const shown = deltas.map((delta) => filter.push(delta)).join('') + filter.flush();
  return { shown, citations: filter.citations };
}

describe('CitationFilter', () => {
  it('keeps citations of retrieved records', () => {
    expect(run([36], ['RAG has three steps [Q36].'])).toEqual({ shown: 'RAG has three steps [Q36].', citations: [36] });
  });

  it('removes citations of records that were not retrieved, with the space before them', () => {
    expect(run([36], ['Steps [Q36] and more [Q99].'])).toEqual({ shown: 'Steps [Q36] and more.', citations: [36] });
  });

  it('reassembles a citation split across deltas', () => {
    expect(run([36], ['See [', 'Q3', '6', '] now'])).toEqual({ shown: 'See [Q36] now', citations: [36] });
  });

  it('keeps only the allowed part of a combined citation', () => {
    expect(run([19], ['Both [Q19, Q39].']).shown).toBe('Both [Q19].');
  });

  it('leaves brackets that are not citations alone', () => {
    expect(run([1], ['an array [1, 2] and [link]'])).toEqual({ shown: 'an array [1, 2] and [link]', citations: [] });
  });

  it('gives back an unclosed bracket at the end', () => {
    expect(run([1], ['trailing [Q1'])).toEqual({ shown: 'trailing [Q1', citations: [] });
  });
});

describe('extractCitations', () => {
  it('reads single and combined citations in order, once each', () => {
    expect(extractCitations('[Q3] then [Q19, Q39] and [Q3]')).toEqual([3, 19, 39]);
  });
});
