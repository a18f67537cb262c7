import path from 'node:path';

/** File names inside the index directory. */
export const indexFiles = {
  manifest: 'manifest.json',
  records: 'records.json',
  chunks: 'chunks.json',
  lexical: 'lexical.json',
  vectors: 'vectors.hnsw',
} as const;

/** The absolute path of one index file. */
export function indexFilePath(directory: string, file: keyof typeof indexFiles): string {
  return path.join(directory, indexFiles[file]);
}
