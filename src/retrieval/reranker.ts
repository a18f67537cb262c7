import type { CallOptions } from '../embedding/index.js';

/** One candidate record offered to a reranker, with the text it is judged on. */
export interface RerankCandidate {
  recordId: number;
  /** The record's question, in the language of the query when possible. */
  question: string;
  /** The passage (question plus answer) the candidate was found through. */
  passage: string;
  /** Score from the retrieval stage (fused), higher is better. */
  retrievalScore: number;
}

/** A candidate with the reranker's score; higher is better. */
export interface RerankedCandidate extends RerankCandidate {
  rerankScore: number;
}

/** Orders retrieved candidates by how well they answer the query. */
export interface Reranker {
  readonly name: string;
  rerank(query: string, candidates: readonly RerankCandidate[], options?: CallOptions): Promise<RerankedCandidate[]>;
}
