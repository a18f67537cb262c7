import type { Embedder } from '../embedding/index.js';
import type { CallOptions } from '../errors/index.js';
import { throwIfAborted } from '../errors/index.js';
import type { Chunk } from '../ingest/index.js';
import type { VectorIndex } from '../vector-index/index.js';
import type { LexicalIndex, WeightedTerm } from './lexical-index.js';
import { reciprocalRankFusion } from './reciprocal-rank-fusion.js';

/** What to look for: the text (embedded for dense search) and its lexical terms. */
export interface RetrievalQuery {
  text: string;
  terms: readonly WeightedTerm[];
}

/** A record found by either retriever, with the evidence from each. */
export interface RetrievalCandidate {
  recordId: number;
  /** Reciprocal-rank fusion of the lexical and dense rankings. */
  fusedScore: number;
  lexicalScore: number;
  /** Best cosine similarity among the record's chunks, when dense search ran. */
  denseSimilarity: number | undefined;
}

/** The parts dense search needs; absent when no embedding model is available. */
export interface DenseSearch {
  embedder: Embedder;
  vectorIndex: VectorIndex;
  chunks: readonly Chunk[];
}

/** How many candidates each retriever contributes before fusion. */
const perRetrieverLimit = 20;

/**
 * Retrieves records lexically (BM25F) and, when a model is loaded, densely (HNSW over chunk vectors,
 * a record scoring as its best chunk), and fuses both rankings with reciprocal-rank fusion.
 */
export class HybridRetriever {
  private readonly lexicalIndex: LexicalIndex;
  private readonly dense: DenseSearch | undefined;

  constructor(lexicalIndex: LexicalIndex, dense: DenseSearch | undefined) {
    this.lexicalIndex = lexicalIndex;
    this.dense = dense;
  }

  get hasDense(): boolean {
    return this.dense !== undefined;
  }

  /** The best `limit` records, best fused score first. */
  async retrieve(query: RetrievalQuery, limit: number, options: CallOptions = {}): Promise<RetrievalCandidate[]> {
    throwIfAborted(options.signal);
    const lexicalHits = this.lexicalIndex.search(query.terms, perRetrieverLimit);
    const lexicalScores = new Map(lexicalHits.map((hit) => [hit.recordId, hit.score]));
    const rankings: number[][] = [lexicalHits.map((hit) => hit.recordId)];

    const denseSimilarities = new Map<number, number>();
    if (this.dense && query.text.trim() !== '') {
      const vector = await this.dense.embedder.embedQuery(query.text, options);
      // Several chunks per record: ask for more chunks than records wanted.
      for (const hit of await this.dense.vectorIndex.search(vector, perRetrieverLimit * 3)) {
        const chunk = this.dense.chunks[hit.label];
        if (!chunk) continue;
        const best = denseSimilarities.get(chunk.recordId);
        if (best === undefined || hit.similarity > best) denseSimilarities.set(chunk.recordId, hit.similarity);
      }
      rankings.push(
        [...denseSimilarities]
          .sort((left, right) => right[1] - left[1])
          .slice(0, perRetrieverLimit)
          .map(([recordId]) => recordId),
      );
    }

    const fused = reciprocalRankFusion(rankings);
    return [...fused]
      .map(([recordId, fusedScore]) => ({
        recordId,
        fusedScore,
        lexicalScore: lexicalScores.get(recordId) ?? 0,
        denseSimilarity: denseSimilarities.get(recordId),
      }))
      .sort((left, right) => right.fusedScore - left.fusedScore || right.lexicalScore - left.lexicalScore || left.recordId - right.recordId)
      .slice(0, limit);
  }
}
