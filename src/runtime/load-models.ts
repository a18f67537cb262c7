import type { TutorConfig } from '../config/index.js';
import type { Embedder } from '../embedding/index.js';
import type { Reranker } from '../retrieval/index.js';
import type { Logger } from './logger.js';

/** The models that could be loaded, and why others could not. */
export interface LoadedModels {
  embedder: Embedder | undefined;
  reranker: Reranker | undefined;
  notices: string[];
  close(): Promise<void>;
}

/** Loads the embedding and reranking models in the model worker; placeholder until the model layer lands. */
export async function loadModels(config: TutorConfig, logger: Logger, signal?: AbortSignal): Promise<LoadedModels> {
  void signal;
  const notices = [`embedding model ${config.embedModel} not loaded: lexical retrieval only`];
  logger.warn({ event: 'model.unavailable', model: config.embedModel }, notices[0]);
  return { embedder: undefined, reranker: undefined, notices, close: async () => {} };
}
