export type { Embedder } from './embedder.js';
export { TransformersEmbedder, embeddingPrefixes, EMBED_BATCH_SIZE, type EmbeddingPrefixes, type TransformersEmbedderOptions } from './transformers-embedder.js';
export { LangChainEmbeddings } from './langchain-embeddings.js';
