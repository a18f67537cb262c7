import { describe, expect, it } from 'vitest';
import { truncateTurn, truncationMarker } from '../../src/tutor/index.js';

describe('truncateTurn', () => {
  it('leaves a turn within the limit as it is', () => {
    const turn = { role: 'user' as const, content: 'short' };
    expect(truncateTurn(turn, 100)).toBe(turn);
  });

  it('cuts at a word break and says how much was left out', () => {
    const content = `${'alpha '.repeat(50)}omega`;
    const cut = truncateTurn({ role: 'assistant' as const, content }, 120).content;
    expect(cut.length).toBeLessThanOrEqual(120);
    const kept = cut.slice(0, cut.indexOf('\n\n['));
    expect(kept).toMatch(/^(alpha )*alpha$/u);
    expect(cut.endsWith(truncationMarker(content.length - kept.length))).toBe(true);
  });

  it('never splits a surrogate pair', () => {
    const cut = truncateTurn({ role: 'user' as const, content: '😀'.repeat(200) }, 101).content;
    expect(cut.isWellFormed()).toBe(true);
  });
});
