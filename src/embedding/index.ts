export type { Embedder, CallOptions } from './embedder.js';
export { TransformersEmbedder, embeddingPrefixes, EMBED_BATCH_SIZE, type EmbeddingPrefixes, type TransformersEmbedderOptions } from './transformers-embedder.js';
