import path from 'node:path';

/** File names inside the index directory. */
export const indexFiles = {
  manifest: 'manifest.json',
  records: 'records.json',
  chunks: 'chunks.json',
  lexical: 'lexical.json',
  /** A folder in LangChain HNSWLib's layout (hnswlib.index, docstore.json, args.json). */
  vectors: 'vectors',
} as const;

/** The absolute path of one index file. */
export function indexFilePath(directory: string, file: keyof typeof indexFiles): string {
  return path.join(directory, indexFiles[file]);
}
