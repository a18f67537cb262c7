export type { VectorIndex, VectorSearchHit } from './vector-index.js';
export { HnswVectorIndex, defaultHnswParameters, type HnswParameters } from './hnsw-vector-index.js';
export { ExactVectorIndex } from './exact-vector-index.js';
