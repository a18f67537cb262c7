import { tokenizeWeighted } from '../text/index.js';
import type { GlossaryEntry } from './glossary.js';
import type { WeightedTerm } from './lexical-index.js';

/**
 * Weight of the long form's phrase term added for an acronym, shared among the query's own terms:
 * alone ("What is an LLM?") the acronym must find the record that spells it out, but beside other
 * words ("why do LLMs need tokenization?") a ubiquitous acronym is background and must not outweigh them.
 */
const expansionWeight = 0.6;

/**
 * The lexical query for a learner's text. A long form the glossary knows ("Kullback-Leibler") is read
 * as its acronym ("KL") plus the phrase term, so it counts as one concept, found in records that use
 * either form. An acronym also looks, more weakly, for records that spell it out. Each term appears
 * once, with the largest weight it was given.
 */
export function analyzeQuery(text: string, glossary: readonly GlossaryEntry[]): WeightedTerm[] {
  const terms = new Map<string, WeightedTerm>();
  const add = (term: string, weight: number, group: number) => {
    const existing = terms.get(term);
    if (!existing) terms.set(term, { term, weight, group });
    else existing.weight = Math.max(existing.weight, weight);
  };
  let rewritten = text;
  const phraseTerms: string[] = [];
  for (const entry of glossary) {
    if (!entry.phrasePattern.test(rewritten)) continue;
    rewritten = rewritten.replace(entry.phrasePattern, ` ${entry.acronym} `);
    phraseTerms.push(entry.phraseTerm);
  }
  const tokens = tokenizeWeighted(rewritten);
  for (const { term, weight, group } of tokens) add(term, weight, group);
  // Pseudo-terms join the group of their acronym, so a concept written two ways counts once.
  const groupOf = (acronymTerm: string) => terms.get(acronymTerm)?.group ?? -1;
  for (const entry of glossary) {
    if (phraseTerms.includes(entry.phraseTerm)) add(entry.phraseTerm, 1, groupOf(entry.acronymTerm));
  }
  const ownTerms = new Set(tokens.map((token) => token.term));
  for (const entry of glossary) {
    if (ownTerms.has(entry.acronymTerm)) add(entry.phraseTerm, expansionWeight / ownTerms.size, groupOf(entry.acronymTerm));
  }
  return [...terms.values()];
}
