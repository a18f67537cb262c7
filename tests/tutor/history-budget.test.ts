import { describe, expect, it } from 'vitest';
import { withinBudget } from '../../src/tutor/index.js';

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
