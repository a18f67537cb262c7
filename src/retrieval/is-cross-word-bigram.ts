import type { LexicalIndex } from './lexical-index.js';

const chineseBigram = /^[\u3400-\u9fff\uf900-\ufaff]{2}$/u;

/**
 * True for a Chinese bigram the bank never uses that overlaps a matched bigram: it straddles a word
 * boundary ("度参" in "温度参数"), an artefact of cutting text without a dictionary rather than missing
 * meaning, so it must not count against a query's coverage.
 */
export function isCrossWordBigram(term: string, matched: Iterable<string>, lexicalIndex: LexicalIndex): boolean {
  if (!chineseBigram.test(term) || lexicalIndex.knows(term)) return false;
  const [first, second] = Array.from(term);
  for (const other of matched) {
    if (chineseBigram.test(other) && (other.endsWith(first ?? '') || other.startsWith(second ?? ''))) return true;
  }
  return false;
}
