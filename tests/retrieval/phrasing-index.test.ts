import { describe, expect, it } from 'vitest';
import { PhrasingIndex } from '../../src/retrieval/index.js';

const terms = (...words: string[]) => words.map((term) => ({ term, weight: 1 }));
const index = new PhrasingIndex([
  { recordId: 1, terms: terms('split', 'text', 'token') },
  { recordId: 1, terms: terms('chop', 'text') },
  { recordId: 2, terms: terms('attention', 'head') },
  { recordId: 3, terms: terms('text', 'generation', 'temperature') },
]);

describe('PhrasingIndex', () => {
  it('gives each record the similarity of its nearest phrasing', () => {
    const nearest = index.nearest(terms('chop', 'text'));
    expect(nearest.get(1)).toBeCloseTo(1, 5);
    expect(nearest.get(3) ?? 0).toBeLessThan(nearest.get(1) ?? 0);
    expect(nearest.has(2)).toBe(false);
  });

  it('weighs a rare word above a common one', () => {
    const nearest = index.nearest(terms('text', 'temperature'));
    expect(nearest.get(3) ?? 0).toBeGreaterThan(nearest.get(1) ?? 0);
  });

  it('finds nothing for words no phrasing uses', () => {
    expect(index.nearest(terms('pizza')).size).toBe(0);
  });
});
