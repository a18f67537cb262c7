import type { CallOptions } from '../errors/index.js';
import { throwIfAborted } from '../errors/index.js';
import { definitionSubject, isDefinitionalQuestion, leadingTopic } from './definition-subject.js';
import { FOCUS_FIELDS, type LexicalIndex, type WeightedTerm } from './lexical-index.js';
import type { RerankCandidate, RerankedCandidate, Reranker, RerankQuery } from './reranker.js';
import { isConceptTerm, isLongFormTerm } from './concept-term.js';

/** How much the match against what the record is about (its question, phrasings, concepts) adds. */
const focusWeight = 0.35;
/** How much the similarity to the record's nearest phrasing adds. */
const phrasingWeight = 0.5;
/** How much a definition question about the learner's subject adds to a "what is X?" query. */
const definitionWeight = 0.3;

/**
 * The reranker used when no cross-encoder model is available: the retrieval score (scaled so the
 * best candidate has 1) plus how much of the query the record's question, phrasings and concepts
 * cover. A learner names the topic the way the bank's question or another learner does, so a
 * candidate about the query's words beats one whose answer only mentions them in passing. And when
 * the learner asks what something is, the record whose question defines that very thing ("What are
 * embeddings, and…?") beats records that use it ("How are gradients computed for embeddings?").
 */
export class LexicalReranker implements Reranker {
  readonly name = 'lexical';
  readonly scoreKind = 'relative';
  private readonly lexicalIndex: LexicalIndex;
  /** The bank's questions are few and fixed: each is analysed once, not on every query. */
  private readonly questionShapes = new Map<string, { subject: string[] | undefined; topic: Set<string> }>();

  constructor(lexicalIndex: LexicalIndex) {
    this.lexicalIndex = lexicalIndex;
  }

  async rerank(query: RerankQuery, candidates: readonly RerankCandidate[], options: CallOptions = {}): Promise<RerankedCandidate[]> {
    throwIfAborted(options.signal);
    const { terms } = query;
    const queryTerms = new Set(terms.map(({ term }) => term));
    const definitional = isDefinitionalQuestion(query.text);
    const best = Math.max(...candidates.map((candidate) => candidate.retrievalScore), Number.MIN_VALUE);
    return candidates
      .map((candidate) => {
        let rerankScore =
          candidate.retrievalScore / best + focusWeight * this.focusCoverage(candidate.recordId, terms) + phrasingWeight * (candidate.phrasingSimilarity ?? 0);
        if (definitional) {
          const { subject, topic } = this.shapeOf(candidate.question);
          if (subject) {
            rerankScore += (definitionWeight * subject.filter((term) => queryTerms.has(term)).length) / subject.length;
          } else {
            // Not a definition question, but one whose subject is the learner's: half the bonus.
            const ownTerms = terms.filter(({ term, weight }) => weight >= 1 && !isLongFormTerm(term) && !isConceptTerm(term));
            const shared = ownTerms.filter(({ term }) => topic.has(term)).length;
            if (ownTerms.length > 0) rerankScore += ((definitionWeight / 2) * shared) / ownTerms.length;
          }
        }
        return { ...candidate, rerankScore };
      })
      .sort((left, right) => right.rerankScore - left.rerankScore || left.recordId - right.recordId);
  }

  /** The share of the query's information (terms weighted by idf) found in what the record is about. */
  private focusCoverage(recordId: number, terms: readonly WeightedTerm[]): number {
    const matched = new Set(terms.filter(({ term }) => this.lexicalIndex.recordHas(recordId, term, FOCUS_FIELDS)).map(({ term }) => term));
    let matchedMass = 0;
    let totalMass = 0;
    for (const { term, weight } of terms) {
      if (isLongFormTerm(term)) continue;
      const mass = weight * this.lexicalIndex.inverseDocumentFrequency(term);
      if (matched.has(term)) matchedMass += mass;
      totalMass += mass;
    }
    return totalMass === 0 ? 0 : matchedMass / totalMass;
  }

  private shapeOf(question: string): { subject: string[] | undefined; topic: Set<string> } {
    let shape = this.questionShapes.get(question);
    if (!shape) {
      shape = { subject: definitionSubject(question), topic: new Set(leadingTopic(question)) };
      // Candidates come from the bank, but a caller could pass anything: keep the memo bounded.
      if (this.questionShapes.size < 10_000) this.questionShapes.set(question, shape);
    }
    return shape;
  }
}
