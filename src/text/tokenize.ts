import { stemmer } from 'stemmer';
import { chineseLexicon } from './chinese-lexicon.js';
import { englishLexicon } from './english-lexicon.js';
import { segmentChinese } from './chinese-segmenter.js';
import { HAN_RANGES } from './han-characters.js';

const wordOrChineseRun = new RegExp(`([a-z0-9]+(?:[-'’.][a-z0-9]+)*)|([${HAN_RANGES}]+)`, 'gu');
const { stopwords: englishStopwords, generalWords } = englishLexicon;
// Inflections of everyday words ("putting", "comes") are everyday words too.
const generalStems: ReadonlySet<string> = new Set([...generalWords].map((word) => stemmer(stemmer(word))));

/**
 * Reduces an English word to a stem. Porter's stemmer is applied twice because once is not
 * idempotent ("biased" → "bias" but "bias" → "bia"; "embeddings" → "embed" but "embed" → "emb"),
 * which would keep a query's word from matching its own inflections in the bank.
 */
export function stemWord(word: string): string {
  return stemmer(stemmer(positiveForm(word)));
}

/** The adjective of a superlative ("likeliest" → "likely", "easiest" → "easy"), which Porter leaves alone; other words as they are. */
export function positiveForm(word: string): string {
  return word.length >= 7 && word.endsWith('iest') ? `${word.slice(0, -4)}y` : word;
}

/** A lexical term, how much it says about the topic (1 for a topic word) and where it stands. */
export interface WeightedToken {
  term: string;
  weight: number;
  /** Terms from the same word share a group (a compound and its parts), so they count as one concept. */
  group: number;
  /** Offsets of the word or bigram in the normalized text (`normalizeText`). */
  start: number;
  end: number;
  /** The word as written (lower case; the whole Chinese word for its bigrams). */
  surface: string;
  /** True for one part of a hyphenated compound ("value" of "p-value"): the compound carries the meaning. */
  part?: boolean;
}

/** Weight of one part of a hyphenated compound: the compound itself carries the meaning. */
const compoundPartWeight = 0.5;
/** Weight of an everyday word ("good", "make", "decide"): it may be in a question without being its topic. */
const generalWordWeight = 0.3;
/** Weight of a lone Chinese character between stop phrases. */
const singleCharacterWeight = 0.3;

/**
 * The form of a text that tokens and concept names are found in: NFKC (full-width letters become
 * ASCII), lower case, restoration marks and LaTeX commands blanked, contractions opened.
 */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[⟦⟧$]/gu, ' ')
    .replace(/\\[a-z]+/gu, ' ')
    .replace(/n['’]t\b/gu, ' not')
    .replace(/['’](?:s|re|ve|ll|d|m)\b/gu, '');
}

/**
 * Turns text into lexical terms: English words lower-cased, stop words dropped, stemmed (a hyphenated
 * compound such as "top-p" also yields its joined form "topp", so top-k and top-p stay apart);
 * Chinese text cut into words with jieba, question phrases and particles dropped, and each word of
 * two or more characters cut into overlapping bigrams that stay one unit (a lone character stands as
 * itself, weakly). Restoration marks and LaTeX commands are ignored.
 */
export function tokenize(text: string): string[] {
  return tokenizeWeighted(text).map((token) => token.term);
}

/** `tokenize` with each term's weight (parts of compounds and everyday words count less) and place. */
export function tokenizeWeighted(text: string): WeightedToken[] {
  return tokenizeNormalized(normalizeText(text));
}

/** `tokenizeWeighted` of a text already passed through `normalizeText`, offsets into that text. */
export function tokenizeNormalized(normalized: string): WeightedToken[] {
  const terms: WeightedToken[] = [];
  let group = 0;
  // One pass in reading order, so that a term's position means something (see `leadingTopic`).
  for (const match of normalized.matchAll(wordOrChineseRun)) {
    const start = match.index ?? 0;
    if (match[1] !== undefined) {
      addLatinTerms(match[1], start, terms, group);
      group += 1;
      continue;
    }
    group = addChineseTerms(match[2] ?? '', start, terms, group);
  }
  return terms;
}

function addLatinTerms(word: string, start: number, terms: WeightedToken[], group: number): void {
  const end = start + word.length;
  const parts = word.split(/[-'’.]/u).filter(Boolean);
  const isCompound = parts.length > 1;
  // "96-layer", "3-step": a count and a word; the joined form ("96layer") names nothing, the word does.
  const counted = isCompound && /^\d+$/u.test(parts[0] ?? '') && !/\d/u.test(parts.slice(1).join(''));
  if (isCompound && !counted) {
    const joined = parts.join('');
    if (!englishStopwords.has(joined)) terms.push({ term: stemWord(joined), weight: 1, group, start, end, surface: joined });
  }
  for (const part of parts) {
    if (englishStopwords.has(part)) continue;
    // Single letters ("k", "p", "a") say nothing alone; their compounds were kept above.
    if (part.length < 2 && !/\d/u.test(part)) continue;
    const number = /^\d+$/u.test(part);
    const stem = number ? part : stemWord(part);
    const general = number ? counted : generalWords.has(part) || generalStems.has(stem);
    const weight = Math.min(isCompound && !counted ? compoundPartWeight : 1, general ? generalWordWeight : 1);
    terms.push({ term: stem, weight, group, start, end, surface: part, ...(isCompound && !counted ? { part: true } : {}) });
  }
}

/**
 * Adds a Chinese run's terms, one group per word; returns the next free group. The run is cut into
 * words first and question phrases and particles are dropped as whole words after, so that a stop
 * phrase inside a word (解释 in 可解释性, 作用 in 副作用) does not cut the word.
 */
function addChineseTerms(piece: string, start: number, terms: WeightedToken[], firstGroup: number): number {
  let group = firstGroup;
  let offset = start;
  for (const word of segmentChinese(piece)) {
    const wordStart = offset;
    offset += word.length;
    if (chineseLexicon.stopwords.has(word)) continue;
    const characters = Array.from(word);
    if (characters.length === 1) {
      // A lone character is a weak signal: often a particle or a fragment of a longer word.
      terms.push({ term: word, weight: singleCharacterWeight, group, start: wordStart, end: offset, surface: word });
    } else {
      const weight = chineseLexicon.generalWords.has(word) ? generalWordWeight : 1;
      for (let index = 0; index + 1 < characters.length; index += 1) {
        const term = `${characters[index] ?? ''}${characters[index + 1] ?? ''}`;
        terms.push({ term, weight, group, start: wordStart + index, end: wordStart + index + 2, surface: word });
      }
    }
    group += 1;
  }
  return group;
}

