import type { VectorIndex, VectorSearchHit } from './vector-index.js';

/**
 * Brute-force search over every vector: the ground truth that HNSW's recall is measured against,
 * and a baseline for its speed.
 */
export class ExactVectorIndex implements VectorIndex {
  readonly dimensions: number;
  private readonly vectors: Float32Array[] = [];
  private readonly labels: number[] = [];

  constructor(dimensions: number) {
    this.dimensions = dimensions;
  }

  get size(): number {
    return this.vectors.length;
  }

  add(vectors: readonly Float32Array[], labels: readonly number[]): void {
    if (vectors.length !== labels.length) throw new RangeError(`${vectors.length} vectors but ${labels.length} labels`);
    vectors.forEach((vector, position) => {
      if (vector.length !== this.dimensions) {
        throw new RangeError(`vector ${position} has ${vector.length} dimensions, the index has ${this.dimensions}`);
      }
      this.vectors.push(vector);
      this.labels.push(labels[position] ?? position);
    });
  }

  async search(vector: Float32Array, k: number): Promise<VectorSearchHit[]> {
    const hits: VectorSearchHit[] = [];
    for (let position = 0; position < this.vectors.length; position += 1) {
      const candidate = this.vectors[position] as Float32Array;
      let dot = 0;
      let candidateNorm = 0;
      let queryNorm = 0;
      for (let dimension = 0; dimension < this.dimensions; dimension += 1) {
        const left = candidate[dimension] as number;
        const right = vector[dimension] as number;
        dot += left * right;
        candidateNorm += left * left;
        queryNorm += right * right;
      }
      const similarity = dot / (Math.sqrt(candidateNorm * queryNorm) || 1);
      insertTopK(hits, { label: this.labels[position] as number, similarity }, k);
    }
    return hits;
  }
}

function insertTopK(hits: VectorSearchHit[], hit: VectorSearchHit, k: number): void {
  if (hits.length === k && (hits.at(-1)?.similarity ?? -Infinity) >= hit.similarity) return;
  let position = hits.length;
  while (position > 0 && (hits[position - 1]?.similarity ?? Infinity) < hit.similarity) position -= 1;
  hits.splice(position, 0, hit);
  if (hits.length > k) hits.pop();
}
