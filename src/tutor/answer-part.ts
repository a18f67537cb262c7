import type { Scope, ScopeDecision } from '../retrieval/index.js';

export type { Scope };

/** A record offered as a source: its id, its score after reranking, and its question in both languages. */
export interface SourceSummary {
  id: number;
  score: number;
  question: { en: string; zh: string };
}

/** Milliseconds spent in each step of one answer. */
export interface AnswerTimings {
  retrieveMs: number;
  rerankMs: number;
  generateMs: number;
  totalMs: number;
}

/** The sources chosen for an answer; always the first part. */
export interface SourcesPart {
  type: 'sources';
  rewrittenQuery: string;
  sources: SourceSummary[];
  outOfScope: boolean;
  scope: Scope;
}

/** A piece of the answer text, in order. */
export interface TokenPart {
  type: 'token';
  text: string;
}

/** The end of an answer: the whole text, the records it cites, and how long each step took. */
export interface DonePart {
  type: 'done';
  answer: string;
  citations: number[];
  /** True exactly when `scope` is `out-of-scope`. */
  outOfScope: boolean;
  scope: Scope;
  timings: AnswerTimings;
  /** Set when the answer is degraded, e.g. extractive because the LLM failed. */
  notice?: string;
  /** Stages that ran degraded under load: `rerank` when the model was too busy and the candidates were reranked lexically. */
  degraded?: 'rerank'[];
  /** How the answer was made. */
  generator: 'llm' | 'extractive' | 'refusal' | 'out-of-scope' | 'clarification';
  eli5: boolean;
  /** The retrieval pipeline's scope decision and its evidence, when retrieval ran (for eval and logs). */
  decision?: ScopeDecision;
}

/** What an answer streams: sources, then tokens, then done. */
export type AnswerPart = SourcesPart | TokenPart | DonePart;
