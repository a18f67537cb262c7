import { describe, expect, it } from 'vitest';
import { MarkerFilter } from '../../src/generation/index.js';

const run = (deltas: string[]) => {
  const filter = new MarkerFilter('[[NOT_IN_BANK]]');
  return deltas.map((delta) => filter.push(delta)).join('') + filter.flush();
};

describe('MarkerFilter', () => {
  it('removes a marker split across deltas', () => {
    expect(run(['Answer [Q1]. [[NO', 'T_IN_', 'BANK]] done'])).toBe('Answer [Q1].  done');
  });

  it('gives back held text that turned out not to be a marker', () => {
    expect(run(['see [[', 'other]]'])).toBe('see [[other]]');
    expect(run(['ends with [['])).toBe('ends with [[');
  });

  it('passes text without markers through as it comes', () => {
    const filter = new MarkerFilter('[[NOT_IN_BANK]]');
    expect(filter.push('plain text')).toBe('plain text');
  });
});
