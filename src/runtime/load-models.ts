import type { TutorConfig } from '../config/index.js';
import { TransformersEmbedder, type Embedder } from '../embedding/index.js';
import { ModelUnavailableError } from '../errors/index.js';
import { ModelWorkerClient } from '../inference/index.js';
import { CrossEncoderReranker, type Reranker } from '../retrieval/index.js';
import type { Logger } from './logger.js';

/** The models that could be loaded, and why others could not. */
export interface LoadedModels {
  embedder: Embedder | undefined;
  reranker: Reranker | undefined;
  /** One line per missing model, said once at start (and in the ingest summary). */
  notices: string[];
  /** Milliseconds of model work queued in the worker ahead of a new request. */
  estimatedWaitMs(): number;
  close(): Promise<void>;
}

/**
 * Loads the embedding model and the cross-encoder into the model worker, once, before the first
 * question. A model that cannot be had (offline, not in MODELS_DIR) is not an error: the tutor says
 * so once and runs on lexical retrieval or the lexical reranker. A caller that starts several
 * runtimes in one process passes one shared client (see ModelWorkerClient for why).
 */
export async function loadModels(
  config: TutorConfig,
  logger: Logger,
  options: { signal?: AbortSignal; client?: ModelWorkerClient; loadReranker?: boolean } = {},
): Promise<LoadedModels> {
  const notices: string[] = [];
  // Ingest embeds and never reranks: the cross-encoder would cost it a load and its memory for nothing.
  const rerankModel = options.loadReranker === false ? '' : config.rerankModel;
  if (config.embedModel === '' && rerankModel === '') {
    return { embedder: undefined, reranker: undefined, notices, estimatedWaitMs: () => 0, close: async () => {} };
  }
  const client = options.client ?? new ModelWorkerClient({ modelsDirectory: config.modelsDirectory, offline: config.modelsOffline, inference: config.inference });
  const ownsClient = options.client === undefined;
  const signal = options.signal;
  const tryLoad = async <Model>(modelId: string, fallback: string, load: () => Promise<Model>): Promise<Model | undefined> => {
    if (modelId === '') return undefined;
    try {
      const model = await load();
      logger.info({ event: 'model.loaded', model: modelId }, `loaded ${modelId}`);
      return model;
    } catch (error) {
      if (!(error instanceof ModelUnavailableError)) throw error;
      notices.push(`${error.message} — ${fallback}`);
      // One short line for whoever starts the tutor; where to put the files is at debug level and in the README.
      logger.warn({ event: 'model.unavailable', model: modelId, fallback }, `${modelId} is not available, ${fallback} (README → Models says how to add it)`);
      logger.debug({ event: 'model.unavailable.details', model: modelId, reason: error.message }, error.message);
      return undefined;
    }
  };
  try {
    const embedder = await tryLoad(config.embedModel, 'using lexical retrieval only', () =>
      TransformersEmbedder.load({ client, modelId: config.embedModel, dtype: config.embedDtype, ...(signal ? { signal } : {}) }),
    );
    const reranker = await tryLoad(rerankModel, 'reranking with the lexical reranker', () =>
      CrossEncoderReranker.load({ client, modelId: rerankModel, dtype: config.rerankDtype, ...(signal ? { signal } : {}) }),
    );
    if (!embedder && !reranker && ownsClient) {
      await client.close();
      return { embedder, reranker, notices, estimatedWaitMs: () => 0, close: async () => {} };
    }
    return { embedder, reranker, notices, estimatedWaitMs: () => client.estimatedWaitMs, close: async () => (ownsClient ? client.close() : undefined) };
  } catch (error) {
    if (ownsClient) await client.close();
    throw error;
  }
}
