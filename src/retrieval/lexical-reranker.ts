import type { CallOptions } from '../embedding/index.js';
import { throwIfAborted } from '../errors/index.js';
import { analyzeQuery } from './analyze-query.js';
import { definitionSubject, isDefinitionalQuestion, leadingTopic } from './definition-subject.js';
import type { GlossaryEntry } from './glossary.js';
import type { LexicalIndex } from './lexical-index.js';
import type { RerankCandidate, RerankedCandidate, Reranker } from './reranker.js';
import { termCoverage } from './term-coverage.js';

/** How much the match against the record's question adds to the retrieval score. */
const questionWeight = 0.35;
/** How much a definition question about the learner's subject adds to a "what is X?" query. */
const definitionWeight = 0.3;

/**
 * The reranker used when no cross-encoder model is available: the retrieval score (scaled so the
 * best candidate has 1) plus how much of the query the record's own question covers. A learner's
 * question usually names its topic the way the bank's question does, so a candidate whose question
 * matches beats one whose answer only mentions the words in passing. And when the learner asks what
 * something is, the record whose question defines that very thing ("What are embeddings, and…?")
 * beats records that use it ("How are gradients computed for embeddings?").
 */
export class LexicalReranker implements Reranker {
  readonly name = 'lexical';
  private readonly lexicalIndex: LexicalIndex;
  private readonly glossary: readonly GlossaryEntry[];
  /** The bank's questions are few and fixed: each is analysed once, not on every query. */
  private readonly questionShapes = new Map<string, { subject: string[] | undefined; topic: Set<string> }>();

  constructor(lexicalIndex: LexicalIndex, glossary: readonly GlossaryEntry[]) {
    this.lexicalIndex = lexicalIndex;
    this.glossary = glossary;
  }

  async rerank(query: string, candidates: readonly RerankCandidate[], options: CallOptions = {}): Promise<RerankedCandidate[]> {
    throwIfAborted(options.signal);
    const terms = analyzeQuery(query, this.glossary);
    const queryTerms = new Set(terms.map(({ term }) => term));
    const definitional = isDefinitionalQuestion(query);
    const best = Math.max(...candidates.map((candidate) => candidate.retrievalScore), Number.MIN_VALUE);
    return candidates
      .map((candidate) => {
        let rerankScore = candidate.retrievalScore / best + questionWeight * termCoverage(this.lexicalIndex, candidate.recordId, terms, ['question']);
        if (definitional) {
          const { subject, topic } = this.shapeOf(candidate.question);
          if (subject) {
            rerankScore += (definitionWeight * subject.filter((term) => queryTerms.has(term)).length) / subject.length;
          } else {
            // Not a definition question, but one whose subject is the learner's: half the bonus.
            const ownTerms = terms.filter(({ term, weight }) => weight >= 1 && !term.startsWith('='));
            const shared = ownTerms.filter(({ term }) => topic.has(term)).length;
            if (ownTerms.length > 0) rerankScore += ((definitionWeight / 2) * shared) / ownTerms.length;
          }
        }
        return { ...candidate, rerankScore };
      })
      .sort((left, right) => right.rerankScore - left.rerankScore || left.recordId - right.recordId);
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
