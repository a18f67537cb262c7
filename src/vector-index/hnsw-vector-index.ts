import hnswlib from 'hnswlib-node';
import { IndexInvalidError } from '../errors/index.js';
import type { VectorIndex, VectorSearchHit } from './vector-index.js';

/** Graph parameters; the defaults reach recall@10 ≥ 0.95 at 100k vectors (see `npm run bench`). */
export interface HnswParameters {
  /** Links per node: more gives better recall and a larger, slower-to-build graph. */
  m: number;
  /** Candidate list size while building. */
  efConstruction: number;
  /** Candidate list size while searching (raised to k when k is larger). */
  efSearch: number;
}

export const defaultHnswParameters: HnswParameters = { m: 16, efConstruction: 200, efSearch: 64 };

/** A real HNSW graph (hnswlib) over cosine similarity, saved to and loaded from one file. */
export class HnswVectorIndex implements VectorIndex {
  readonly dimensions: number;
  private readonly graph: hnswlib.HierarchicalNSW;
  private readonly efSearch: number;

  private constructor(graph: hnswlib.HierarchicalNSW, dimensions: number, efSearch: number) {
    this.graph = graph;
    this.dimensions = dimensions;
    this.efSearch = efSearch;
    graph.setEf(efSearch);
  }

  /** An empty index with room for `capacity` vectors (it grows when needed). */
  static create(dimensions: number, capacity: number, parameters: Partial<HnswParameters> = {}): HnswVectorIndex {
    const { m, efConstruction, efSearch } = { ...defaultHnswParameters, ...parameters };
    const graph = new hnswlib.HierarchicalNSW('cosine', dimensions);
    graph.initIndex({ maxElements: Math.max(1, capacity), m, efConstruction, randomSeed: 100 });
    return new HnswVectorIndex(graph, dimensions, efSearch);
  }

  /**
   * Loads an index written by `save`.
   * @throws IndexInvalidError when the file is missing or unreadable.
   */
  static async load(filePath: string, dimensions: number, efSearch = defaultHnswParameters.efSearch): Promise<HnswVectorIndex> {
    const graph = new hnswlib.HierarchicalNSW('cosine', dimensions);
    try {
      await graph.readIndex(filePath);
    } catch (error) {
      throw new IndexInvalidError(filePath, `cannot read the HNSW graph: ${(error as Error).message}`, { cause: error });
    }
    if (graph.getNumDimensions() !== dimensions) {
      throw new IndexInvalidError(filePath, `graph has ${graph.getNumDimensions()} dimensions, manifest says ${dimensions}`);
    }
    return new HnswVectorIndex(graph, dimensions, efSearch);
  }

  get size(): number {
    return this.graph.getCurrentCount();
  }

  add(vectors: readonly Float32Array[], labels: readonly number[]): void {
    if (vectors.length !== labels.length) throw new RangeError(`${vectors.length} vectors but ${labels.length} labels`);
    const needed = this.size + vectors.length;
    if (needed > this.graph.getMaxElements()) this.graph.resizeIndex(Math.max(needed, this.graph.getMaxElements() * 2));
    vectors.forEach((vector, position) => {
      if (vector.length !== this.dimensions) {
        throw new RangeError(`vector ${position} has ${vector.length} dimensions, the index has ${this.dimensions}`);
      }
      this.graph.addPoint(Array.from(vector), labels[position] ?? position);
    });
  }

  search(vector: Float32Array, k: number): VectorSearchHit[] {
    const count = Math.min(k, this.size);
    if (count === 0) return [];
    if (vector.length !== this.dimensions) {
      throw new RangeError(`query has ${vector.length} dimensions, the index has ${this.dimensions}`);
    }
    // ef below k would return fewer than k results.
    this.graph.setEf(Math.max(this.efSearch, count));
    const { neighbors, distances } = this.graph.searchKnn(Array.from(vector), count);
    return neighbors.map((label, position) => ({ label, similarity: 1 - (distances[position] ?? 1) }));
  }

  /** Writes the graph to one file. */
  async save(filePath: string): Promise<void> {
    await this.graph.writeIndex(filePath);
  }
}
