import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Embedder } from '../src/embedding/index.js';
import { buildIndex, writeIndex } from '../src/index-store/index.js';
import { loadCorpus } from '../src/ingest/index.js';
import { round } from './summarize-latencies.js';
import { startTutorProcess } from './start-tutor-process.js';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Time per ingest phase on the real corpus. */
export interface IngestResult {
  records: number;
  chunks: number;
  embedder: string;
  parseMs: number;
  chunkMs: number;
  embedMs: number;
  indexMs: number;
  saveMs: number;
}

/** Runs the ingest phases one by one on the real corpus, writing to `indexDirectory`. */
export async function measureIngest(indexDirectory: string, embedder: Embedder | undefined): Promise<IngestResult> {
  let started = performance.now();
  const corpus = await loadCorpus({
    corpus: path.join(projectRoot, 'corpus/llm-interview-50.en-zh.txt'),
    restorations: path.join(projectRoot, 'corpus/restorations.json'),
    phrasings: path.join(projectRoot, 'corpus/phrasings.jsonl'),
    concepts: path.join(projectRoot, 'corpus/concepts.jsonl'),
  });
  const parseMs = performance.now() - started;
  const { contents, timings } = await buildIndex(corpus, { embedder, embedDtype: 'fp32' });
  started = performance.now();
  await writeIndex(indexDirectory, contents);
  const saveMs = performance.now() - started;
  return {
    records: contents.records.length,
    chunks: contents.chunks.length,
    embedder: embedder?.modelId ?? 'none (lexical only)',
    parseMs: round(parseMs),
    chunkMs: round(timings.chunkMs),
    embedMs: round(timings.embedMs),
    indexMs: round(timings.indexMs),
    saveMs: round(saveMs),
  };
}

/**
 * Cold start: from spawning `node --import tsx src/main.ts` (what `npm start` runs, without npm's own
 * start-up) to the first successful `/healthz`, with a fresh index already on disk (no re-embedding).
 */
export async function measureColdStart(indexDirectory: string, environment: Record<string, string> = {}): Promise<number> {
  const started = performance.now();
  const tutor = await startTutorProcess({ INDEX_DIR: indexDirectory, ...environment });
  try {
    for (;;) {
      const response = await fetch(`${tutor.url}/healthz`).catch(() => undefined);
      if (response?.ok) return round(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  } finally {
    await tutor.stop();
  }
}
