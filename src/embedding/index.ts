export type { Embedder, CallOptions } from './embedder.js';
