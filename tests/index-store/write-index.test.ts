import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Embedder } from '../../src/embedding/index.js';
import { buildIndex, findStaleness, readIndex, readIndexManifest, writeIndex } from '../../src/index-store/index.js';
import { loadCorpus, type LoadedCorpus } from '../../src/ingest/index.js';
import { analysisFingerprint } from '../../src/text/index.js';
import { corpusPaths } from '../helpers/project-paths.js';
import { createTemporaryDirectory } from '../helpers/temporary-directory.js';

/** A deterministic stand-in for a model: this file tests persistence, not embeddings. */
const hashEmbedder: Embedder = {
  modelId: 'test/hash-embedder',
  dimensions: 8,
  embedQuery: async (text) => hashVector(text),
  embedPassages: async (texts) => texts.map(hashVector),
  close: async () => {},
};

function hashVector(text: string): Float32Array {
  const vector = new Float32Array(8);
  for (const [index, character] of Array.from(text).entries()) vector[index % 8] = (vector[index % 8] ?? 0) + (character.codePointAt(0) ?? 0);
  const norm = Math.hypot(...vector) || 1;
  return vector.map((value) => value / norm);
}

let temporary: { directory: string; remove: () => Promise<void> };
let corpus: LoadedCorpus;
beforeEach(async () => {
  temporary = await createTemporaryDirectory();
  corpus = await loadCorpus(corpusPaths);
});
afterEach(async () => {
  await temporary.remove();
});

describe('writeIndex and readIndex', () => {
  it('round-trips records, chunks, the lexical index and the HNSW graph', async () => {
    const { contents } = await buildIndex(corpus, { embedder: hashEmbedder, embedDtype: 'fp32' });
    await writeIndex(temporary.directory, contents);
    const manifest = await readIndexManifest(temporary.directory);
    expect(manifest?.dense).toMatchObject({ model: 'test/hash-embedder', dimensions: 8, dtype: 'fp32' });
    const loaded = await readIndex(temporary.directory, manifest!);
    expect(loaded.records).toEqual(contents.records);
    expect(loaded.chunks).toHaveLength(contents.chunks.length);
    expect(loaded.vectors?.size).toBe(contents.chunks.length);
    const query = hashVector(contents.chunks[5]!.text);
    expect((await loaded.vectors?.search(query, 1))?.[0]?.label).toBe(5);
  });

  it('replaces a format-2 graph file and refuses to delete a vectors folder it did not write', async () => {
    const { contents } = await buildIndex(corpus, { embedder: hashEmbedder, embedDtype: 'fp32' });
    await writeFile(path.join(temporary.directory, 'vectors.hnsw'), 'an index of format 2');
    await writeIndex(temporary.directory, contents);
    expect((await readdir(temporary.directory)).sort()).toEqual(['chunks.json', 'lexical.json', 'manifest.json', 'records.json', 'vectors']);
    expect((await readdir(path.join(temporary.directory, 'vectors'))).sort()).toEqual(['args.json', 'docstore.json', 'hnswlib.index']);

    await writeFile(path.join(temporary.directory, 'vectors', 'notes.txt'), 'a file of the learner');
    await expect(writeIndex(temporary.directory, contents)).rejects.toThrow(/holds files the tutor did not write \(notes\.txt\)/u);
    expect(await readdir(path.join(temporary.directory, 'vectors'))).toContain('notes.txt');
  });

  it('leaves no staging folder behind', async () => {
    const { contents } = await buildIndex(corpus);
    await writeIndex(temporary.directory, contents);
    const files = await readdir(temporary.directory);
    expect(files.sort()).toEqual(['chunks.json', 'lexical.json', 'manifest.json', 'records.json']);
  });

  it('keeps the previous index and no staging folder when a write is aborted', async () => {
    const { contents } = await buildIndex(corpus);
    await writeIndex(temporary.directory, contents);
    const controller = new AbortController();
    controller.abort();
    await expect(writeIndex(temporary.directory, contents, controller.signal)).rejects.toThrow();
    const files = await readdir(temporary.directory);
    expect(files.some((file) => file.startsWith('.staging-'))).toBe(false);
    expect((await readIndexManifest(temporary.directory))?.builtAt).toBe(contents.manifest.builtAt);
  });

  it('treats a corrupt manifest as no index', async () => {
    await writeFile(path.join(temporary.directory, 'manifest.json'), '{ not json');
    expect(await readIndexManifest(temporary.directory)).toBeUndefined();
  });
});

describe('findStaleness', () => {
  it('reuses an index built from the same corpus and model', async () => {
    const { contents } = await buildIndex(corpus, { embedder: hashEmbedder, embedDtype: 'q8' });
    expect(findStaleness(contents.manifest, { analysis: analysisFingerprint(), corpusHash: corpus.hash, embedModel: { model: 'test/hash-embedder', dtype: 'q8' } })).toBeUndefined();
  });

  it('rebuilds when the corpus changed', async () => {
    const { contents } = await buildIndex(corpus);
    expect(findStaleness(contents.manifest, { analysis: analysisFingerprint(), corpusHash: 'other', embedModel: undefined })).toMatch(/corpus/u);
  });

  it('rebuilds when the way text is read changed', async () => {
    const { contents } = await buildIndex(corpus);
    expect(findStaleness(contents.manifest, { analysis: 'older', corpusHash: corpus.hash, embedModel: undefined })).toMatch(/way text is read/u);
  });

  it('rebuilds a lexical-only index once a model is available', async () => {
    const { contents } = await buildIndex(corpus);
    expect(findStaleness(contents.manifest, { analysis: analysisFingerprint(), corpusHash: corpus.hash, embedModel: { model: 'm', dtype: 'q8' } })).toMatch(/no vectors/u);
  });

  it('keeps a dense index usable when the model is missing now', async () => {
    const { contents } = await buildIndex(corpus, { embedder: hashEmbedder, embedDtype: 'q8' });
    expect(findStaleness(contents.manifest, { analysis: analysisFingerprint(), corpusHash: corpus.hash, embedModel: undefined })).toBeUndefined();
  });

  it('rebuilds when the model or its dtype changed', async () => {
    const { contents } = await buildIndex(corpus, { embedder: hashEmbedder, embedDtype: 'q8' });
    expect(findStaleness(contents.manifest, { analysis: analysisFingerprint(), corpusHash: corpus.hash, embedModel: { model: 'test/hash-embedder', dtype: 'fp32' } })).toMatch(/fp32/u);
  });
});
