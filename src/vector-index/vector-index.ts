/** One nearest neighbour: the label given at insertion and its cosine similarity to the query. */
export interface VectorSearchHit {
  label: number;
  similarity: number;
}

/** Approximate nearest-neighbour search over unit-length vectors. */
export interface VectorIndex {
  readonly dimensions: number;
  readonly size: number;
  /** Adds vectors; `labels[i]` names `vectors[i]`. */
  add(vectors: readonly Float32Array[], labels: readonly number[]): void;
  /** The `k` most similar vectors, best first. */
  search(vector: Float32Array, k: number): Promise<VectorSearchHit[]>;
}
