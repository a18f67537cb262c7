/** A cross-encoder's probabilities that decide scope on their own: at or above `accept` in scope, below `reject` out. */
export interface RerankerThresholds {
  accept: number;
  reject: number;
}

/**
 * Per model, since each cross-encoder's probabilities have their own scale. bge-reranker-base's were
 * chosen when it was the default; the MiniLM-size model's are the same starting point, not calibrated
 * here (no real weights on this machine): `RERANK_THRESHOLDS=accept,reject` sets them for any model.
 */
export const RERANKER_THRESHOLDS: Readonly<Record<string, RerankerThresholds>> = {
  'Xenova/bge-reranker-base': { accept: 0.5, reject: 0.02 },
  'cross-encoder/mmarco-mMiniLMv2-L12-H384-v1': { accept: 0.5, reject: 0.02 },
};

/** For a model not in the table. */
export const DEFAULT_RERANKER_THRESHOLDS: RerankerThresholds = { accept: 0.5, reject: 0.02 };
