import type { ModelDtype } from '../config/index.js';
import type { CallOptions } from '../errors/index.js';
import { throwIfAborted } from '../errors/index.js';
import type { ModelWorkerClient } from '../inference/index.js';
import type { RerankCandidate, RerankedCandidate, Reranker, RerankQuery } from './reranker.js';

/** Options for CrossEncoderReranker.load. */
export interface CrossEncoderRerankerOptions {
  client: ModelWorkerClient;
  modelId: string;
  dtype: ModelDtype;
  signal?: AbortSignal;
}

/**
 * A Reranker backed by a transformers.js cross-encoder (e.g. `Xenova/bge-reranker-base`) running in
 * the model worker. Each (query, passage) pair is read together, which judges relevance better than
 * comparing separate embeddings. `rerankScore` is the model's probability (sigmoid of its logit) that
 * the passage answers the query, so it can be compared with fixed thresholds (see judgeScope).
 */
export class CrossEncoderReranker implements Reranker {
  readonly name = 'cross-encoder';
  readonly scoreKind = 'probability';
  readonly modelId: string;
  private readonly client: ModelWorkerClient;
  private readonly dtype: ModelDtype;

  private constructor(client: ModelWorkerClient, modelId: string, dtype: ModelDtype) {
    this.client = client;
    this.modelId = modelId;
    this.dtype = dtype;
  }

  /**
   * Loads the cross-encoder in the worker.
   * @throws ModelUnavailableError when the model cannot be loaded; AbortedError when the signal fires.
   */
  static async load(options: CrossEncoderRerankerOptions): Promise<CrossEncoderReranker> {
    const { client, modelId, dtype, signal } = options;
    await client.loadModel({ kind: 'cross-encoder', modelId, dtype }, signal ? { signal } : {});
    return new CrossEncoderReranker(client, modelId, dtype);
  }

  /** Scores every candidate's passage against the query in one worker call; best first, ties by record id. */
  async rerank(query: RerankQuery, candidates: readonly RerankCandidate[], options: CallOptions = {}): Promise<RerankedCandidate[]> {
    throwIfAborted(options.signal);
    if (candidates.length === 0) return [];
    const passages = candidates.map((candidate) => candidate.passage);
    const scores = await this.client.scorePairs({ modelId: this.modelId, dtype: this.dtype, query: query.text, passages }, options);
    return candidates
      .map((candidate, index) => ({ ...candidate, rerankScore: scores[index] ?? 0 }))
      .sort((left, right) => right.rerankScore - left.rerankScore || left.recordId - right.recordId);
  }
}
