import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IndexInvalidError } from '../../src/errors/index.js';
import { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import { LangChainEmbeddings, type Embedder } from '../../src/embedding/index.js';
import { ExactVectorIndex, HnswVectorIndex } from '../../src/vector-index/index.js';
import { createTemporaryDirectory } from '../helpers/temporary-directory.js';

function randomUnitVectors(count: number, dimensions: number, seed: number): Float32Array[] {
  let state = seed;
  const next = () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31 - 0.5;
  };
  return Array.from({ length: count }, () => {
    const vector = Float32Array.from({ length: dimensions }, next);
    const norm = Math.hypot(...vector);
    return vector.map((value) => value / norm);
  });
}

let temporary: { directory: string; remove: () => Promise<void> };
beforeEach(async () => {
  temporary = await createTemporaryDirectory();
});
afterEach(async () => {
  await temporary.remove();
});

describe('HnswVectorIndex', () => {
  it('finds a stored vector as its own nearest neighbour with similarity 1', async () => {
    const vectors = randomUnitVectors(200, 32, 1);
    const index = HnswVectorIndex.create(32, 200);
    index.add(vectors, vectors.map((_, label) => label));
    const [hit] = await index.search(vectors[57] as Float32Array, 1);
    expect(hit?.label).toBe(57);
    expect(hit?.similarity).toBeCloseTo(1, 5);
  });

  it('returns the same neighbours after saving to disk and loading again', async () => {
    const vectors = randomUnitVectors(300, 16, 2);
    const index = HnswVectorIndex.create(16, 300);
    index.add(vectors, vectors.map((_, label) => label + 1000));
    const folder = path.join(temporary.directory, 'vectors');
    await index.save(folder);
    const loaded = await HnswVectorIndex.load(folder, 16);
    const query = randomUnitVectors(1, 16, 99)[0] as Float32Array;
    expect(loaded.size).toBe(300);
    expect(await loaded.search(query, 10)).toEqual(await index.search(query, 10));
  });

  it('agrees with exact search on most of the top 10', async () => {
    const vectors = randomUnitVectors(2000, 24, 3);
    const labels = vectors.map((_, label) => label);
    const approximate = HnswVectorIndex.create(24, 2000);
    const exact = new ExactVectorIndex(24);
    approximate.add(vectors, labels);
    exact.add(vectors, labels);
    let found = 0;
    const queries = randomUnitVectors(20, 24, 7);
    for (const query of queries) {
      const truth = new Set((await exact.search(query, 10)).map((hit) => hit.label));
      found += (await approximate.search(query, 10)).filter((hit) => truth.has(hit.label)).length;
    }
    expect(found / (queries.length * 10)).toBeGreaterThanOrEqual(0.9);
  });

  it('grows past its initial capacity', () => {
    const vectors = randomUnitVectors(50, 8, 4);
    const index = HnswVectorIndex.create(8, 10);
    index.add(vectors, vectors.map((_, label) => label));
    expect(index.size).toBe(50);
  });

  it('refuses a vector of the wrong dimension, naming both sizes', () => {
    const index = HnswVectorIndex.create(8, 10);
    expect(() => index.add([new Float32Array(5)], [0])).toThrowError(/vector 0 has 5 dimensions, the index has 8/u);
  });

  it('refuses a batch with a wrong vector or a label already stored, leaving the index as it was', async () => {
    const index = HnswVectorIndex.create(8, 10);
    const vectors = randomUnitVectors(3, 8, 6);
    index.add(vectors, [0, 1, 2]);
    expect(() => index.add([...randomUnitVectors(2, 8, 7), new Float32Array(5)], [3, 4, 5])).toThrowError(/vector 2 has 5 dimensions/u);
    expect(() => index.add(randomUnitVectors(1, 8, 8), [1])).toThrowError(/label 1 is already in the index/u);
    expect(index.size).toBe(3);
    expect(index.store.docstore._docs.size).toBe(3);
  });

  it('reports a store whose documents do not match its graph as an invalid index', async () => {
    const index = HnswVectorIndex.create(8, 10);
    index.add(randomUnitVectors(4, 8, 9), [0, 1, 2, 3]);
    index.store.docstore._docs.delete('3');
    const folder = path.join(temporary.directory, 'vectors');
    await index.save(folder);
    await expect(HnswVectorIndex.load(folder, 8)).rejects.toThrowError(/3 documents for 4 vectors/u);
  });

  it('reports a missing folder as an invalid index', async () => {
    await expect(HnswVectorIndex.load(path.join(temporary.directory, 'none'), 8)).rejects.toBeInstanceOf(IndexInvalidError);
  });

  it('keeps the tuned graph parameters and search breadth (LangChain alone would use hnswlib defaults and ef 10)', async () => {
    const vectors = randomUnitVectors(2000, 24, 5);
    const index = HnswVectorIndex.create(24, 2000, { m: 4, efConstruction: 20, efSearch: 300 });
    index.add(vectors, vectors.map((_, label) => label));
    const exact = new ExactVectorIndex(24);
    exact.add(vectors, vectors.map((_, label) => label));
    // With efSearch 300 the search is close to exhaustive even on a sparse graph.
    let found = 0;
    for (const query of randomUnitVectors(10, 24, 8)) {
      const truth = new Set((await exact.search(query, 10)).map((hit) => hit.label));
      found += (await index.search(query, 10)).filter((hit) => truth.has(hit.label)).length;
    }
    expect(found / 100).toBeGreaterThanOrEqual(0.95);
    expect(index.store.index.getEf()).toBe(300);
  });
});

describe('HnswVectorIndex as a LangChain vector store', () => {
  /** A deterministic embedder for the test: letters counted into 8 dimensions, unit length. */
  const letterEmbedder: Embedder = {
    modelId: 'test/letters',
    dimensions: 8,
    embedQuery: async (text) => letterVector(text),
    embedPassages: async (texts) => texts.map(letterVector),
    close: async () => undefined,
  };

  it("opens with LangChain's own HNSWLib.load and answers similaritySearch with the documents' metadata", async () => {
    const texts = ['aaaa attention', 'bbbb beam search', 'cccc chunking', 'dddd decoding'];
    const index = HnswVectorIndex.create(8, 4, {}, new LangChainEmbeddings(letterEmbedder));
    index.add(
      await letterEmbedder.embedPassages(texts),
      [0, 1, 2, 3],
      texts.map((pageContent, position) => ({ pageContent, metadata: { recordId: 10 + position } })),
    );
    const folder = path.join(temporary.directory, 'store');
    await index.save(folder);
    const store = await HNSWLib.load(folder, new LangChainEmbeddings(letterEmbedder));
    const [best] = await store.similaritySearch('cccc', 1);
    expect(best?.pageContent).toBe('cccc chunking');
    expect(best?.metadata).toEqual({ recordId: 12, label: 2 });
  });
});

function letterVector(text: string): Float32Array {
  const vector = new Float32Array(8);
  for (const character of text) {
    const slot = character.charCodeAt(0) % 8;
    vector[slot] = (vector[slot] ?? 0) + 1;
  }
  const norm = Math.hypot(...vector) || 1;
  return vector.map((value) => value / norm);
}

describe('ExactVectorIndex', () => {
  it('orders hits by cosine similarity', async () => {
    const index = new ExactVectorIndex(2);
    index.add([Float32Array.of(1, 0), Float32Array.of(0, 1), Float32Array.of(0.7, 0.7)], [1, 2, 3]);
    expect((await index.search(Float32Array.of(1, 0.1), 3)).map((hit) => hit.label)).toEqual([1, 3, 2]);
  });
});
