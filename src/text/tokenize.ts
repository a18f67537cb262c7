import { stemmer } from 'stemmer';
import { chineseStopPhrases } from './chinese-stop-phrases.js';
import { englishStopwords } from './english-stopwords.js';
import { generalWords } from './general-words.js';

const wordOrChineseRun = /([a-z0-9]+(?:[-'’.][a-z0-9]+)*)|([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+)/gu;
const stopPhrasePattern = new RegExp(chineseStopPhrases.map(escapeRegExp).join('|'), 'gu');
// Inflections of everyday words ("putting", "comes") are everyday words too.
const generalStems: ReadonlySet<string> = new Set([...generalWords].map((word) => stemmer(stemmer(word))));

/**
 * Reduces an English word to a stem. Porter's stemmer is applied twice because once is not
 * idempotent ("biased" → "bias" but "bias" → "bia"; "embeddings" → "embed" but "embed" → "emb"),
 * which would keep a query's word from matching its own inflections in the bank.
 */
export function stemWord(word: string): string {
  return stemmer(stemmer(word));
}

/** A lexical term and how much it says about the topic (1 for a topic word). */
export interface WeightedToken {
  term: string;
  weight: number;
  /** Terms from the same word share a group (a compound and its parts), so they count as one concept. */
  group: number;
}

/** Weight of one part of a hyphenated compound: the compound itself carries the meaning. */
const compoundPartWeight = 0.5;
/** Weight of an everyday word ("good", "make", "decide"): it may be in a question without being its topic. */
const generalWordWeight = 0.3;
/** Weight of a lone Chinese character between stop phrases. */
const singleCharacterWeight = 0.3;

/**
 * Turns text into lexical terms: English words lower-cased, stop words dropped, stemmed (a hyphenated
 * compound such as "top-p" also yields its joined form "topp", so top-k and top-p stay apart);
 * Chinese text split at question phrases and particles, then cut into overlapping bigrams
 * (a lone character stands as itself). Restoration marks and LaTeX commands are ignored.
 */
export function tokenize(text: string): string[] {
  return tokenizeWeighted(text).map((token) => token.term);
}

/** `tokenize` with each term's weight: parts of compounds and everyday words count less. */
export function tokenizeWeighted(text: string): WeightedToken[] {
  const normalized = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[⟦⟧$]/gu, ' ')
    .replace(/\\[a-z]+/gu, ' ')
    .replace(/n['’]t\b/gu, ' not')
    .replace(/['’](?:s|re|ve|ll|d|m)\b/gu, '');
  const terms: WeightedToken[] = [];
  let group = 0;
  // One pass in reading order, so that a term's position means something (see `leadingTopic`).
  for (const match of normalized.matchAll(wordOrChineseRun)) {
    if (match[1] !== undefined) {
      addLatinTerms(match[1], terms, group);
      group += 1;
      continue;
    }
    for (const piece of (match[2] ?? '').replace(stopPhrasePattern, ' ').split(' ')) {
      group = addChineseTerms(piece, terms, group);
    }
  }
  return terms;
}

function addLatinTerms(word: string, terms: WeightedToken[], group: number): void {
  const parts = word.replace(/\.$/u, '').split(/[-'’.]/u).filter(Boolean);
  const isCompound = parts.length > 1;
  if (isCompound) {
    const joined = parts.join('');
    if (!englishStopwords.has(joined)) terms.push({ term: stemWord(joined), weight: 1, group });
  }
  for (const part of parts) {
    if (englishStopwords.has(part)) continue;
    // Single letters ("k", "p", "a") say nothing alone; their compounds were kept above.
    if (part.length < 2 && !/\d/u.test(part)) continue;
    const stem = /^\d+$/u.test(part) ? part : stemWord(part);
    const general = generalWords.has(part) || generalStems.has(stem);
    const weight = Math.min(isCompound ? compoundPartWeight : 1, general ? generalWordWeight : 1);
    terms.push({ term: stem, weight, group });
  }
}

/** Adds a Chinese run's terms, each bigram its own concept; returns the next free group. */
function addChineseTerms(run: string, terms: WeightedToken[], firstGroup: number): number {
  const characters = Array.from(run);
  if (characters.length === 0) return firstGroup;
  if (characters.length === 1) {
    // A lone character is a weak signal: often a particle or a fragment left by the stop phrases.
    terms.push({ term: characters[0] ?? '', weight: singleCharacterWeight, group: firstGroup });
    return firstGroup + 1;
  }
  let group = firstGroup;
  for (let index = 0; index + 1 < characters.length; index += 1) {
    terms.push({ term: `${characters[index] ?? ''}${characters[index + 1] ?? ''}`, weight: 1, group });
    group += 1;
  }
  return group;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}
