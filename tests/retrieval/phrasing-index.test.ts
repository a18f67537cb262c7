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
    expect(nearest.get(1)?.similarity).toBeCloseTo(1, 5);
    expect(nearest.get(3)?.similarity ?? 0).toBeLessThan(nearest.get(1)?.similarity ?? 0);
    expect(nearest.has(2)).toBe(false);
  });

  it('weighs a rare word above a common one', () => {
    const nearest = index.nearest(terms('text', 'temperature'));
    expect(nearest.get(3)?.similarity ?? 0).toBeGreaterThan(nearest.get(1)?.similarity ?? 0);
  });

  it('says how much of a phrasing a long query contains, however much else it says', () => {
    const match = index.nearest(terms('attention', 'head', 'friend', 'interview', 'tomorrow', 'nervous')).get(2);
    expect(match?.containment).toBeCloseTo(1, 5);
    expect(match?.similarity ?? 1).toBeLessThan(0.7);
  });

  it('finds nothing for words no phrasing uses', () => {
    expect(index.nearest(terms('pizza')).size).toBe(0);
  });
});
