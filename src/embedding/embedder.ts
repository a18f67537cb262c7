import type { CallOptions } from '../errors/index.js';

/**
 * Turns text into unit-length vectors. Queries and passages are embedded separately because
 * retrieval models such as E5 expect different prefixes for each.
 */
export interface Embedder {
  readonly modelId: string;
  readonly dimensions: number;
  embedQuery(text: string, options?: CallOptions): Promise<Float32Array>;
  embedPassages(texts: readonly string[], options?: CallOptions): Promise<Float32Array[]>;
  close(): Promise<void>;
}
