/**
 * How the model worker runs its models: plain data, handed to the worker thread. Thread settings go
 * to every onnxruntime session; the query cap to every cross-encoder pair.
 */
export interface InferenceSettings {
  /** onnxruntime intra-op threads per session (`MODEL_THREADS`); undefined: onnxruntime's default (one per core). */
  intraOpThreads: number | undefined;
  /**
   * Whether idle intra-op threads spin waiting for work (`MODEL_SPINNING`). Off by default: with two
   * models in one process, the idle one's spinning threads take the cores the busy one needs.
   */
  spinning: boolean;
  /**
   * Most tokens of the query in a cross-encoder pair (`RERANK_QUERY_TOKENS`): the passage always gets
   * the rest of the model's input, so a very long question still ranks passages by their content.
   */
  maxQueryTokens: number;
  /** Most tokens of a whole cross-encoder pair, query and passage (`RERANK_MAX_TOKENS`): the passage is cut to fit. */
  maxPairTokens: number;
}
