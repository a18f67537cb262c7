import { LangChainEmbeddings, type Embedder } from '../embedding/index.js';
import type { LoadedCorpus } from '../ingest/index.js';
import {
  buildIndex,
  findStaleness,
  readIndex,
  readIndexManifest,
  writeIndex,
  type BuildProgress,
  type BuildTimings,
  type IndexContents,
} from '../index-store/index.js';
import { IndexInvalidError } from '../errors/index.js';
import { analysisFingerprint } from '../text/index.js';
import type { Logger } from './logger.js';

/** The index in use and whether it was built just now. */
export interface OpenedIndex {
  contents: IndexContents;
  rebuilt: boolean;
  /** Why it was rebuilt, when it was. */
  reason: string | undefined;
  timings: (BuildTimings & { saveMs: number }) | undefined;
}

/** Options for opening the index. */
export interface OpenIndexOptions {
  directory: string;
  corpus: LoadedCorpus;
  embedder: Embedder | undefined;
  embedDtype: string;
  logger: Logger;
  /** Build even when the index on disk is fresh (`npm run ingest`). */
  force?: boolean;
  onProgress?: (progress: BuildProgress) => void;
  signal?: AbortSignal;
}

/**
 * Reuses the index on disk when it matches the corpus and the model, and builds and saves a new one
 * when it is missing, stale or unreadable.
 */
export async function openIndex(options: OpenIndexOptions): Promise<OpenedIndex> {
  const { directory, corpus, embedder, logger, signal } = options;
  const manifest = await readIndexManifest(directory, signal);
  const staleness = options.force
    ? 'a rebuild was asked for'
    : findStaleness(manifest, {
        corpusHash: corpus.hash,
        analysis: analysisFingerprint(),
        embedModel: embedder ? { model: embedder.modelId, dtype: options.embedDtype } : undefined,
      });
  if (manifest && staleness === undefined) {
    try {
      const contents = await readIndex(directory, manifest, signal, embedder ? new LangChainEmbeddings(embedder) : undefined);
      return { contents, rebuilt: false, reason: undefined, timings: undefined };
    } catch (error) {
      if (!(error instanceof IndexInvalidError)) throw error;
      logger.warn({ event: 'index.unreadable', error: error.message }, 'index unreadable, rebuilding');
      return build(options, error.message);
    }
  }
  return build(options, staleness ?? 'no index yet');
}

async function build(options: OpenIndexOptions, reason: string): Promise<OpenedIndex> {
  options.logger.info({ event: 'index.build', reason, directory: options.directory }, `building the index: ${reason}`);
  const { contents, timings } = await buildIndex(options.corpus, {
    embedder: options.embedder,
    embedDtype: options.embedDtype,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const started = performance.now();
  await writeIndex(options.directory, contents, options.signal);
  return { contents, rebuilt: true, reason, timings: { ...timings, saveMs: performance.now() - started } };
}
