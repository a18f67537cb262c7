import { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import { Document } from '@langchain/core/documents';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import hnswlib from 'hnswlib-node';
import { IndexInvalidError } from '../errors/index.js';
import { UnavailableEmbeddings } from './unavailable-embeddings.js';
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

/** What each stored vector's document carries, besides whatever the caller adds. */
export interface HnswDocumentMetadata {
  label: number;
  [key: string]: unknown;
}

/**
 * A real HNSW graph (hnswlib-node) inside LangChain's `HNSWLib` vector store: searches go through
 * the store, its documents carry each vector's label and metadata, and it saves and loads in
 * HNSWLib's own layout (a folder with `hnswlib.index`, `docstore.json` and `args.json`), so any
 * LangChain.js app can open the tutor's index with `HNSWLib.load`.
 *
 * Two things are done beside the store rather than through it, because the store cannot: the graph is
 * created with the tuned `m`, `efConstruction` and seed (the store re-creates an empty graph with
 * hnswlib's defaults on its first `addVectors`), and `efSearch` is set (the store leaves hnswlib's
 * 10, which loses recall).
 */
export class HnswVectorIndex implements VectorIndex {
  readonly dimensions: number;
  /** The LangChain vector store (save, load, similaritySearch for LangChain callers); `similaritySearch(text)` needs the embeddings it was given. */
  readonly store: HNSWLib;
  private readonly efSearch: number;

  private constructor(store: HNSWLib, dimensions: number, efSearch: number) {
    this.store = store;
    this.dimensions = dimensions;
    this.efSearch = efSearch;
    // For LangChain callers of the store too (similaritySearch), not only for `search` below.
    store.index.setEf(efSearch);
  }

  /** An empty index with room for `capacity` vectors (it grows when needed). */
  static create(
    dimensions: number,
    capacity: number,
    parameters: Partial<HnswParameters> = {},
    embeddings: EmbeddingsInterface = new UnavailableEmbeddings(),
  ): HnswVectorIndex {
    const { m, efConstruction, efSearch } = { ...defaultHnswParameters, ...parameters };
    const graph = new hnswlib.HierarchicalNSW('cosine', dimensions);
    graph.initIndex({ maxElements: Math.max(1, capacity), m, efConstruction, randomSeed: 100 });
    const store = new HNSWLib(embeddings, { space: 'cosine', numDimensions: dimensions });
    store._index = graph;
    return new HnswVectorIndex(store, dimensions, efSearch);
  }

  /**
   * Loads an index written by `save`.
   * @throws IndexInvalidError when the folder is missing, unreadable or of other dimensions.
   */
  static async load(
    directory: string,
    dimensions: number,
    efSearch = defaultHnswParameters.efSearch,
    embeddings: EmbeddingsInterface = new UnavailableEmbeddings(),
  ): Promise<HnswVectorIndex> {
    let store: HNSWLib;
    try {
      store = await HNSWLib.load(directory, embeddings);
    } catch (error) {
      throw new IndexInvalidError(directory, `cannot read the HNSW store: ${(error as Error).message}`, { cause: error });
    }
    if (store.index.getNumDimensions() !== dimensions) {
      throw new IndexInvalidError(directory, `graph has ${store.index.getNumDimensions()} dimensions, manifest says ${dimensions}`);
    }
    if (store.docstore._docs.size !== store.index.getCurrentCount()) {
      throw new IndexInvalidError(directory, `the store holds ${store.docstore._docs.size} documents for ${store.index.getCurrentCount()} vectors`);
    }
    return new HnswVectorIndex(store, dimensions, efSearch);
  }

  get size(): number {
    return this.store.index.getCurrentCount();
  }

  /**
   * Adds vectors; `labels[i]` names `vectors[i]` and `metadata[i]` (when given) goes into its
   * document beside the label, `pageContent[i]` into its text.
   */
  add(vectors: readonly Float32Array[], labels: readonly number[], documents: readonly { pageContent: string; metadata: Record<string, unknown> }[] = []): void {
    if (vectors.length !== labels.length) throw new RangeError(`${vectors.length} vectors but ${labels.length} labels`);
    // Everything is checked before anything is added, so a refused batch leaves graph and documents as they were.
    const stored: Record<string, Document<HnswDocumentMetadata>> = {};
    vectors.forEach((vector, position) => {
      if (vector.length !== this.dimensions) {
        throw new RangeError(`vector ${position} has ${vector.length} dimensions, the index has ${this.dimensions}`);
      }
      const label = labels[position] ?? position;
      if (String(label) in stored || this.store.docstore._docs.has(String(label))) throw new RangeError(`label ${label} is already in the index`);
      const document = documents[position];
      stored[String(label)] = new Document({ pageContent: document?.pageContent ?? '', metadata: { ...document?.metadata, label } });
    });
    const graph = this.store.index;
    const needed = this.size + vectors.length;
    if (needed > graph.getMaxElements()) graph.resizeIndex(Math.max(needed, graph.getMaxElements() * 2));
    vectors.forEach((vector, position) => graph.addPoint(Array.from(vector), labels[position] ?? position));
    // The docstore is filled directly: its own add() compares every new key with every stored one.
    for (const [key, document] of Object.entries(stored)) this.store.docstore._docs.set(key, document);
  }

  async search(vector: Float32Array, k: number): Promise<VectorSearchHit[]> {
    const count = Math.min(k, this.size);
    if (count === 0) return [];
    if (vector.length !== this.dimensions) {
      throw new RangeError(`query has ${vector.length} dimensions, the index has ${this.dimensions}`);
    }
    // ef below k would return fewer than k results.
    this.store.index.setEf(Math.max(this.efSearch, count));
    // The graph inside the store is searched directly: the tutor needs labels, not documents, and
    // the store's similaritySearchVectorWithScore costs 0.1 ms more a query at 100k chunks (npm run bench).
    const { neighbors, distances } = this.store.index.searchKnn(Array.from(vector), count);
    // hnswlib gives cosine distances; the tutor speaks in similarities.
    return neighbors.map((label, position) => ({ label, similarity: 1 - (distances[position] ?? 1) }));
  }

  /** Writes the store to a folder (created if needed) in HNSWLib's layout. */
  async save(directory: string): Promise<void> {
    await this.store.save(directory);
  }
}
