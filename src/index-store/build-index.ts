import { LangChainEmbeddings, type Embedder } from '../embedding/index.js';
import { throwIfAborted } from '../errors/index.js';
import { chunkRecords, type LoadedCorpus } from '../ingest/index.js';
import { buildGlossary, LexicalIndex } from '../retrieval/index.js';
import { defaultHnswParameters, HnswVectorIndex, type HnswParameters } from '../vector-index/index.js';
import { analysisFingerprint } from '../text/index.js';
import { INDEX_FORMAT_VERSION } from './index-manifest.js';
import type { IndexContents } from './write-index.js';

/** Progress of the embedding phase, for a progress bar. */
export interface BuildProgress {
  phase: 'chunk' | 'embed' | 'index';
  done: number;
  total: number;
}

/** Options of one index build. */
export interface BuildIndexOptions {
  /** Without an embedder the index is lexical only. */
  embedder?: Embedder | undefined;
  embedDtype?: string;
  hnsw?: Partial<HnswParameters>;
  /** Texts per embedding call: bigger batches amortise the worker round trip and the ONNX session. */
  batchSize?: number;
  onProgress?: (progress: BuildProgress) => void;
  signal?: AbortSignal;
}

/** Milliseconds spent in each phase of a build. */
export interface BuildTimings {
  chunkMs: number;
  embedMs: number;
  indexMs: number;
}

/** Turns a loaded corpus into the contents of an index (chunks, lexical index, HNSW graph when a model is there). */
export async function buildIndex(corpus: LoadedCorpus, options: BuildIndexOptions = {}): Promise<{ contents: IndexContents; timings: BuildTimings }> {
  const { embedder, signal, onProgress } = options;
  let started = performance.now();
  const chunks = await chunkRecords(corpus.records);
  onProgress?.({ phase: 'chunk', done: chunks.length, total: chunks.length });
  const chunkMs = performance.now() - started;

  started = performance.now();
  const vectors: Float32Array[] = [];
  if (embedder) {
    const batchSize = options.batchSize ?? 16;
    for (let start = 0; start < chunks.length; start += batchSize) {
      throwIfAborted(signal);
      const batch = chunks.slice(start, start + batchSize).map((chunk) => chunk.text);
      vectors.push(...(await embedder.embedPassages(batch, signal ? { signal } : {})));
      onProgress?.({ phase: 'embed', done: vectors.length, total: chunks.length });
    }
  }
  const embedMs = performance.now() - started;

  started = performance.now();
  const hnswParameters = { ...defaultHnswParameters, ...options.hnsw };
  let graph: HnswVectorIndex | undefined;
  if (embedder) {
    graph = HnswVectorIndex.create(embedder.dimensions, chunks.length, hnswParameters, new LangChainEmbeddings(embedder));
    graph.add(
      vectors,
      chunks.map((chunk) => chunk.label),
      chunks.map((chunk) => ({ pageContent: chunk.text, metadata: { recordId: chunk.recordId, language: chunk.language } })),
    );
  }
  const lexical = LexicalIndex.build({
    records: corpus.records,
    phrasings: corpus.phrasings,
    concepts: corpus.concepts,
    glossary: buildGlossary(corpus.records),
  }).toJSON();
  onProgress?.({ phase: 'index', done: chunks.length, total: chunks.length });
  const indexMs = performance.now() - started;

  return {
    contents: {
      manifest: {
        formatVersion: INDEX_FORMAT_VERSION,
        corpusHash: corpus.hash,
        analysis: analysisFingerprint(),
        builtAt: new Date().toISOString(),
        records: corpus.records.length,
        chunks: chunks.length,
        lexical: { documents: corpus.records.length },
        dense: embedder
          ? {
              model: embedder.modelId,
              dtype: options.embedDtype ?? 'unknown',
              dimensions: embedder.dimensions,
              m: hnswParameters.m,
              efConstruction: hnswParameters.efConstruction,
            }
          : null,
      },
      records: corpus.records,
      chunks,
      lexical,
      vectors: graph,
    },
    timings: { chunkMs, embedMs, indexMs },
  };
}
