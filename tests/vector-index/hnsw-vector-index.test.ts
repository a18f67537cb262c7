import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IndexInvalidError } from '../../src/errors/index.js';
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
  it('finds a stored vector as its own nearest neighbour with similarity 1', () => {
    const vectors = randomUnitVectors(200, 32, 1);
    const index = HnswVectorIndex.create(32, 200);
    index.add(vectors, vectors.map((_, label) => label));
    const [hit] = index.search(vectors[57] as Float32Array, 1);
    expect(hit?.label).toBe(57);
    expect(hit?.similarity).toBeCloseTo(1, 5);
  });

  it('returns the same neighbours after saving to disk and loading again', async () => {
    const vectors = randomUnitVectors(300, 16, 2);
    const index = HnswVectorIndex.create(16, 300);
    index.add(vectors, vectors.map((_, label) => label + 1000));
    const file = path.join(temporary.directory, 'vectors.hnsw');
    await index.save(file);
    const loaded = await HnswVectorIndex.load(file, 16);
    const query = randomUnitVectors(1, 16, 99)[0] as Float32Array;
    expect(loaded.size).toBe(300);
    expect(loaded.search(query, 10)).toEqual(index.search(query, 10));
  });

  it('agrees with exact search on most of the top 10', () => {
    const vectors = randomUnitVectors(2000, 24, 3);
    const labels = vectors.map((_, label) => label);
    const approximate = HnswVectorIndex.create(24, 2000);
    const exact = new ExactVectorIndex(24);
    approximate.add(vectors, labels);
    exact.add(vectors, labels);
    let found = 0;
    const queries = randomUnitVectors(20, 24, 7);
    for (const query of queries) {
      const truth = new Set(exact.search(query, 10).map((hit) => hit.label));
      found += approximate.search(query, 10).filter((hit) => truth.has(hit.label)).length;
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

  it('reports a missing file as an invalid index', async () => {
    await expect(HnswVectorIndex.load(path.join(temporary.directory, 'none.hnsw'), 8)).rejects.toBeInstanceOf(IndexInvalidError);
  });
});

describe('ExactVectorIndex', () => {
  it('orders hits by cosine similarity', () => {
    const index = new ExactVectorIndex(2);
    index.add([Float32Array.of(1, 0), Float32Array.of(0, 1), Float32Array.of(0.7, 0.7)], [1, 2, 3]);
    expect(index.search(Float32Array.of(1, 0.1), 3).map((hit) => hit.label)).toEqual([1, 3, 2]);
  });
});
