import { describe, expect, it } from 'vitest';
import { truncateTurn, truncationMarker, withinBudget } from '../../src/tutor/index.js';

describe('withinBudget', () => {
  it('keeps the newest turns within the message and character budgets', () => {
    const turns = ['a', 'b', 'c', 'd'].map((letter) => ({ role: 'user' as const, content: letter.repeat(40) }));
    expect(withinBudget(turns, { messages: 3, characters: 1000 }).map((turn) => turn.content[0])).toEqual(['b', 'c', 'd']);
    expect(withinBudget(turns, { messages: 10, characters: 100 }).map((turn) => turn.content[0])).toEqual(['c', 'd']);
  });

  it('cuts every turn to the entry budget, the newest included, so the whole stays bounded', () => {
    const turns = [{ role: 'assistant' as const, content: 'word '.repeat(100_000), citations: [36] }];
    const [kept] = withinBudget(turns, { messages: 10, characters: 24_000, entryCharacters: 4000 });
    expect(kept?.content.length).toBeLessThanOrEqual(4000);
    expect(kept?.content.length).toBeGreaterThan(3900);
    expect(kept?.citations).toEqual([36]);
  });
});

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
