import { isCrossWordBigram } from './is-cross-word-bigram.js';
import type { LexicalIndex, WeightedTerm } from './lexical-index.js';

/** The evidence for deciding whether the bank covers a question. */
export interface ScopeEvidence {
  /** The analysed query (`analyzeQuery`), groups included. */
  terms: readonly WeightedTerm[];
  /** The best candidate after reranking, if any. */
  topRecordId: number | undefined;
  /**
   * True for a follow-up read together with the previous question: its own phrasing
   * ("能举个例子吗？") may be foreign to the bank while its topic is not.
   */
  followUp?: boolean;
  /** The cross-encoder's probability that the top record answers the query, when one ran. */
  crossEncoderProbability?: number | undefined;
}

/** The decision and the figures behind it (for logs and eval). */
export interface ScopeJudgement {
  outOfScope: boolean;
  /** Share of the query's information found in the top record. */
  coverage: number;
  /** Share of the query's information in words the bank never uses. */
  foreignShare: number;
}

/** Below this share of the query's information found in the top record, the bank does not cover it. */
export const MINIMUM_COVERAGE = 0.25;
/** Above this share of the query's information in words the bank never uses, the question is about something else. */
export const MAXIMUM_FOREIGN_SHARE = 0.55;
/** A cross-encoder this sure that the top record is irrelevant overrides a lexical match. */
const crossEncoderRejection = 0.02;
/** A cross-encoder this sure that the top record is relevant overrides weak lexical evidence (paraphrases). */
const crossEncoderAcceptance = 0.5;

interface Concept {
  mass: number;
  known: boolean;
  covered: boolean;
}

/**
 * Decides whether the bank covers a question, over concepts (a word with its compound parts, an
 * acronym with its long form, a Chinese bigram): the question is out of scope when none of its
 * concepts is known to the bank, when most of its information lies in words the bank never uses
 * ("What is the best pizza topping?" matches "top" of top-k sampling, but "pizza" is foreign), or when
 * the best record covers too little of it. Everyday words weigh little, so "What makes a good prompt?"
 * stays in scope. A cross-encoder, when loaded, can overrule the lexical evidence in both directions.
 */
export function judgeScope(lexicalIndex: LexicalIndex, evidence: ScopeEvidence): ScopeJudgement {
  const concepts = collectConcepts(lexicalIndex, evidence);
  const total = concepts.reduce((sum, concept) => sum + concept.mass, 0);
  if (evidence.topRecordId === undefined || total === 0 || !concepts.some((concept) => concept.known)) {
    return { outOfScope: true, coverage: 0, foreignShare: 1 };
  }
  const coverage = concepts.filter((concept) => concept.covered).reduce((sum, concept) => sum + concept.mass, 0) / total;
  const foreignShare = concepts.filter((concept) => !concept.known).reduce((sum, concept) => sum + concept.mass, 0) / total;
  const probability = evidence.crossEncoderProbability;
  if (probability !== undefined) {
    if (probability >= crossEncoderAcceptance) return { outOfScope: false, coverage, foreignShare };
    if (probability <= crossEncoderRejection) return { outOfScope: true, coverage, foreignShare };
  }
  const foreign = !evidence.followUp && foreignShare > MAXIMUM_FOREIGN_SHARE;
  return { outOfScope: foreign || coverage < MINIMUM_COVERAGE, coverage, foreignShare };
}

function collectConcepts(lexicalIndex: LexicalIndex, evidence: ScopeEvidence): Concept[] {
  const recordId = evidence.topRecordId;
  const inRecord = (term: string) =>
    recordId !== undefined && (lexicalIndex.termCount(recordId, 'question', term) > 0 || lexicalIndex.termCount(recordId, 'answer', term) > 0);
  const groups = new Map<number | string, WeightedTerm[]>();
  for (const term of evidence.terms) {
    const key = term.group ?? term.term;
    groups.set(key, [...(groups.get(key) ?? []), term]);
  }
  const matchedTerms = evidence.terms.filter(({ term }) => inRecord(term)).map(({ term }) => term);
  const concepts: Concept[] = [];
  for (const members of groups.values()) {
    const own = members.filter(({ term }) => !term.startsWith('='));
    if (own.length === 0) continue;
    const single = own.length === 1 ? own[0] : undefined;
    if (single && isCrossWordBigram(single.term, matchedTerms, lexicalIndex)) continue;
    concepts.push({
      mass: Math.max(...own.map(({ term, weight }) => weight * lexicalIndex.inverseDocumentFrequency(term))),
      known: members.some(({ term }) => lexicalIndex.knows(term)),
      covered: members.some(({ term }) => inRecord(term)),
    });
  }
  return concepts;
}
