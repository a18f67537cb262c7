import type { CallOptions } from '../errors/index.js';
import type { WeightedTerm } from './lexical-index.js';

/** The query as a reranker sees it: its text, and its lexical terms as the pipeline analysed them. */
export interface RerankQuery {
  text: string;
  terms: readonly WeightedTerm[];
}

/** One candidate record offered to a reranker, with the text it is judged on. */
export interface RerankCandidate {
  recordId: number;
  /** The record's question, in the language of the query. */
  question: string;
  /** The passage (question plus answer) the candidate is judged on. */
  passage: string;
  /** Score from the retrieval stage, higher is better. */
  retrievalScore: number;
  /** Cosine similarity of the query to the record's nearest phrasing (0 to 1), when phrasings are indexed. */
  phrasingSimilarity?: number;
}

/** A candidate with the reranker's score; higher is better. */
export interface RerankedCandidate extends RerankCandidate {
  rerankScore: number;
}

/**
 * What a reranker's scores mean: `probability` that the record answers the query (comparable with
 * fixed thresholds, per model), or `relative` (only the order means something).
 */
export type RerankScoreKind = 'probability' | 'relative';

/** Orders retrieved candidates by how well they answer the query. */
export interface Reranker {
  /** A short name for logs and reports ("lexical", "cross-encoder"). */
  readonly name: string;
  readonly scoreKind: RerankScoreKind;
  rerank(query: RerankQuery, candidates: readonly RerankCandidate[], options?: CallOptions): Promise<RerankedCandidate[]>;
}
