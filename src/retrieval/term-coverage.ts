import { isCrossWordBigram } from './is-cross-word-bigram.js';
import type { LexicalField, LexicalIndex, WeightedTerm } from './lexical-index.js';

/**
 * The share of the query's information (terms weighted by inverse document frequency and their own
 * weight) that a record contains in the given fields, from 0 to 1. A Chinese bigram that the bank never
 * uses and that overlaps a matched bigram counts for nothing: bigrams across word boundaries
 * ("度参" in "温度参数") are an artefact of cutting text without a dictionary, not missing meaning.
 */
export function termCoverage(
  lexicalIndex: LexicalIndex,
  recordId: number,
  terms: readonly WeightedTerm[],
  fields: readonly LexicalField[] = ['question', 'answer'],
): number {
  const matched = new Set(
    terms
      .filter(({ term }) => fields.some((field) => lexicalIndex.termCount(recordId, field, term) > 0))
      .map(({ term }) => term),
  );
  let matchedMass = 0;
  let totalMass = 0;
  for (const { term, weight } of terms) {
    if (term.startsWith('=')) continue;
    const mass = weight * lexicalIndex.inverseDocumentFrequency(term);
    if (matched.has(term)) {
      matchedMass += mass;
    } else if (isCrossWordBigram(term, matched, lexicalIndex)) {
      continue;
    }
    totalMass += mass;
  }
  return totalMass === 0 ? 0 : matchedMass / totalMass;
}
