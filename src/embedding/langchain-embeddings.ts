import { Embeddings } from '@langchain/core/embeddings';
import type { CallOptions } from '../errors/index.js';
import type { Embedder } from './embedder.js';

/**
 * An Embedder seen as LangChain's `Embeddings`, so that a LangChain vector store (the tutor's
 * HNSWLib store, or any other) embeds through it: with the tutor's TransformersEmbedder that means
 * in the model worker thread, leaving the event loop free. `embedDocuments` embeds passages and
 * `embedQuery` queries, so E5's "passage: " and "query: " prefixes land where they belong. Both
 * also take the tutor's CallOptions, which LangChain's own callers leave out.
 */
export class LangChainEmbeddings extends Embeddings {
  readonly embedder: Embedder;

  constructor(embedder: Embedder) {
    // No retries (LangChain's AsyncCaller default): a failed local model does not heal by retrying.
    super({ maxRetries: 0 });
    this.embedder = embedder;
  }

  override async embedDocuments(documents: string[], options: CallOptions = {}): Promise<number[][]> {
    const vectors = await this.embedder.embedPassages(documents, options);
    return vectors.map((vector) => Array.from(vector));
  }

  override async embedQuery(document: string, options: CallOptions = {}): Promise<number[]> {
    return Array.from(await this.embedder.embedQuery(document, options));
  }
}
