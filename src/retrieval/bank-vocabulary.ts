import { englishLexicon, englishWordFrequency, normalizeText, stemWord } from '../text/index.js';

/** A word of the learner's that the bank spells otherwise, and the bank's spelling. */
export interface Correction {
  from: string;
  to: string;
}

const latinWord = /[a-z0-9]+(?:['’][a-z]+)?/gu;
/** Shortest typed word that is corrected: shorter words have too many neighbours one edit away. */
const minimumCorrectedLength = 5;
/** From this length on, two edits are allowed ("gradeint", "hallucinaton"). */
const twoEditsFromLength = 8;
/** Longer "words" are not typos of anything (URLs, hashes, keyboard mashing). */
const longestCorrectedLength = 30;
/** Below this SUBTLEX count a short word may be shorthand for a function word ("wat" 35, "teh" 0). */
const shorthandFrequency = 50;
/** Corrections remembered across messages (learners make the same typos); cleared when full. */
const memoSize = 10_000;

/**
 * The English words the bank uses (in its records, phrasings and concept names), with how often:
 * what a learner's word is checked against for being known, and corrected to when typed in a hurry.
 * Typo tolerance comes from the bank's own vocabulary and edit distance, never from a list of
 * known misspellings.
 */
export class BankVocabulary {
  private readonly counts = new Map<string, number>();
  private readonly stems = new Set<string>();
  private readonly byLength = new Map<number, string[]>();
  private readonly memo = new Map<string, string | undefined>();

  /** Builds the vocabulary of the given texts. */
  constructor(texts: Iterable<string>) {
    for (const text of texts) {
      const normalized = normalizeText(text);
      for (const word of normalized.replace(/[-_/.]/gu, ' ').match(latinWord) ?? []) this.add(word);
      // Hyphenated and fused forms ("top-k" → "topk") are spellings a learner uses too.
      for (const compound of normalized.match(/[a-z0-9]+(?:-[a-z0-9]+)+/gu) ?? []) this.add(compound.replaceAll('-', ''));
    }
    for (const word of this.counts.keys()) {
      this.stems.add(stemWord(word));
      const list = this.byLength.get(word.length);
      if (list) list.push(word);
      else this.byLength.set(word.length, [word]);
    }
  }

  private add(word: string): void {
    this.counts.set(word, (this.counts.get(word) ?? 0) + 1);
  }

  /** True when the bank uses the word or another form of it ("tokenizers" for "tokenizer"). */
  knows(word: string): boolean {
    const lower = word.toLowerCase();
    return this.counts.has(lower) || this.stems.has(stemWord(lower));
  }

  /** How often the bank uses the exact word. */
  frequency(word: string): number {
    return this.counts.get(word.toLowerCase()) ?? 0;
  }

  /**
   * The bank's spelling of a word it does not know, when one is within one edit (two for long words)
   * and starts with the same letter, the most frequent of the nearest; or two bank words run together
   * ("beamsearch" → "beam search"). Undefined when there is none, or the word is known to the bank or
   * is an English word ("boring" is not a typo of "bring", nor "project" of "protect").
   */
  correct(word: string): string | undefined {
    const lower = word.toLowerCase();
    if (this.memo.has(lower)) return this.memo.get(lower);
    const correction = this.find(lower);
    if (this.memo.size >= memoSize) this.memo.clear();
    this.memo.set(lower, correction);
    return correction;
  }

  private find(lower: string): string | undefined {
    if (lower.length > longestCorrectedLength) return undefined;
    if (this.knows(lower) || englishLexicon.stopwords.has(lower) || englishLexicon.generalWords.has(lower)) return undefined;
    const frequency = englishWordFrequency(lower);
    // A short rare word one edit from a function word is chat shorthand or a slip ("wat", "teh").
    if (lower.length < minimumCorrectedLength && frequency < shorthandFrequency) return nearestStopword(lower);
    if (frequency > 0) return undefined;
    return this.nearest(lower) ?? this.splitFused(lower);
  }

  private nearest(word: string): string | undefined {
    if (word.length < minimumCorrectedLength || /\d/u.test(word)) return undefined;
    const allowed = word.length >= twoEditsFromLength ? 2 : 1;
    let best: string | undefined;
    let bestDistance = Infinity;
    let bestFrequency = 0;
    for (let length = word.length - allowed; length <= word.length + allowed; length += 1) {
      for (const candidate of this.byLength.get(length) ?? []) {
        if (candidate[0] !== word[0]) continue;
        const distance = editDistance(word, candidate, allowed);
        if (distance > allowed) continue;
        const frequency = this.counts.get(candidate) ?? 0;
        if (distance < bestDistance || (distance === bestDistance && frequency > bestFrequency)) {
          best = candidate;
          bestDistance = distance;
          bestFrequency = frequency;
        }
      }
    }
    return best;
  }

  private splitFused(word: string): string | undefined {
    if (word.length < 5) return undefined;
    let best: [string, string] | undefined;
    for (let cut = 2; cut <= word.length - 2; cut += 1) {
      const left = word.slice(0, cut);
      const right = word.slice(cut);
      if (!this.isSplitPart(left) || !this.isSplitPart(right)) continue;
      if (!best || Math.min(left.length, right.length) > Math.min(best[0].length, best[1].length)) best = [left, right];
    }
    return best ? `${best[0]} ${best[1]}` : undefined;
  }

  private isSplitPart(part: string): boolean {
    return (this.counts.get(part) ?? 0) >= 2 || englishLexicon.stopwords.has(part);
  }
}

/** A short non-word one edit from a function word ("teh" → "the", "waht" → "what"): too short for the bank's vocabulary. */
function nearestStopword(word: string): string | undefined {
  if (word.length < 3 || word.length >= minimumCorrectedLength) return undefined;
  for (const stopword of englishLexicon.stopwords) {
    if (stopword.length >= 3 && stopword[0] === word[0] && editDistance(word, stopword, 1) === 1) return stopword;
  }
  return undefined;
}

/** Damerau–Levenshtein distance (adjacent transpositions count one), stopping early above `limit`. */
export function editDistance(left: string, right: string, limit = Infinity): number {
  if (Math.abs(left.length - right.length) > limit) return limit + 1;
  // Three rolling rows: the one before the previous is needed for transpositions.
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: right.length + 1 }, (_, column) => column);
  for (let row = 1; row <= left.length; row += 1) {
    const current = [row];
    let rowMinimum = row;
    for (let column = 1; column <= right.length; column += 1) {
      const cost = left[row - 1] === right[column - 1] ? 0 : 1;
      let value = Math.min((previous[column] ?? 0) + 1, (current[column - 1] ?? 0) + 1, (previous[column - 1] ?? 0) + cost);
      if (row > 1 && column > 1 && left[row - 1] === right[column - 2] && left[row - 2] === right[column - 1]) {
        value = Math.min(value, (beforePrevious[column - 2] ?? 0) + 1);
      }
      current.push(value);
      rowMinimum = Math.min(rowMinimum, value);
    }
    if (rowMinimum > limit) return limit + 1;
    beforePrevious = previous;
    previous = current;
  }
  return previous[right.length] ?? limit + 1;
}
