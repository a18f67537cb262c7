import { describe, expect, it } from 'vitest';
import { chineseLexicon, containsChinese, englishLexicon, HAN_RANGES, type Lexicon } from '../../src/text/index.js';

describe.each([englishLexicon, chineseLexicon])('the $language lexicon', (lexicon: Lexicon) => {
  it('does not list a word as both a stop word and an everyday word', () => {
    expect([...lexicon.generalWords].filter((word) => lexicon.stopwords.has(word))).toEqual([]);
  });

  it('has no empty or padded entries', () => {
    const all = [...lexicon.stopwords, ...lexicon.generalWords, ...lexicon.exampleRequests, ...lexicon.exampleMarkers, ...lexicon.references, ...lexicon.continuations, ...lexicon.answerShapeWords];
    for (const entry of all) expect(entry).toBe(entry.trim());
    expect(all.every((entry) => entry !== '')).toBe(true);
  });

  it('keeps its words in its own script', () => {
    const all = [...lexicon.stopwords, ...lexicon.exampleRequests, ...lexicon.references];
    expect(all.filter((entry) => containsChinese(entry) !== (lexicon.language === 'zh'))).toEqual([]);
  });
});

describe('the English lexicon', () => {
  it('drops every word that refers back, so a follow-up\'s "it" never counts as its topic', () => {
    expect(englishLexicon.references.filter((word) => !englishLexicon.stopwords.has(word))).toEqual([]);
  });

  it('keeps connectives among the stop words', () => {
    expect([...englishLexicon.connectives].filter((word) => word.length > 1 && !englishLexicon.stopwords.has(word))).toEqual([]);
  });

  it('treats every word that asks for an example as how to answer, not what about', () => {
    const singleWords = englishLexicon.exampleRequests.filter((entry) => !entry.includes(' '));
    expect(singleWords.filter((word) => !englishLexicon.answerShapeWords.includes(word) && !['instances', 'illustrate', 'illustration'].includes(word))).toEqual([]);
  });
});

describe('the Chinese lexicon', () => {
  it('splits on the question phrases that ask for an example', () => {
    expect(chineseLexicon.exampleRequests.filter((word) => word.length > 1 && ![...chineseLexicon.stopwords].some((stop) => stop.includes(word) || word.includes(stop)))).toEqual([]);
  });

  it('uses the one Han range for every Chinese entry', () => {
    const han = new RegExp(`^[${HAN_RANGES}]+$`, 'u');
    expect([...chineseLexicon.stopwords].filter((word) => !han.test(word))).toEqual([]);
  });
});
