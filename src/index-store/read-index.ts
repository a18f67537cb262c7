import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { IndexInvalidError } from '../errors/index.js';
import type { Chunk, CorpusRecord } from '../ingest/index.js';
import type { SerializedLexicalIndex } from '../retrieval/index.js';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { HnswVectorIndex } from '../vector-index/index.js';
import { indexFilePath } from './index-files.js';
import { indexManifestSchema, type IndexManifest } from './index-manifest.js';
import type { IndexContents } from './write-index.js';

/**
 * Reads the manifest, or undefined when there is none or it is not one this version understands
 * (both mean: build the index).
 */
export async function readIndexManifest(directory: string, signal?: AbortSignal): Promise<IndexManifest | undefined> {
  let text: string;
  try {
    text = await readFile(indexFilePath(directory, 'manifest'), { encoding: 'utf8', ...(signal ? { signal } : {}) });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const parsed = indexManifestSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

const recordsSchema = z.array(
  z.object({
    id: z.number().int().positive(),
    question: z.object({ en: z.string(), zh: z.string() }),
    answer: z.object({ en: z.string(), zh: z.string() }),
    restorations: z.array(
      z.object({
        language: z.enum(['en', 'zh']),
        field: z.enum(['question', 'answer']),
        damaged: z.string(),
        restored: z.string(),
        reason: z.string(),
      }),
    ),
  }),
);
const chunksSchema = z.array(
  z.object({ label: z.number().int().nonnegative(), recordId: z.number().int().positive(), language: z.enum(['en', 'zh']), text: z.string() }),
);
const lexicalSchema = z.object({
  version: z.literal(2),
  documents: z.array(
    z.object({
      recordId: z.number().int().positive(),
      fields: z.object({ question: z.array(z.string()), answer: z.array(z.string()), phrasings: z.array(z.string()), concepts: z.array(z.string()) }),
    }),
  ),
});

/**
 * Loads the whole index described by `manifest`; `embeddings` (the loaded embedding model) lets the
 * vector store embed texts for LangChain callers.
 * @throws IndexInvalidError when a file is missing or does not match the manifest.
 */
export async function readIndex(directory: string, manifest: IndexManifest, signal?: AbortSignal, embeddings?: EmbeddingsInterface): Promise<IndexContents> {
  const readJson = async <Value>(file: 'records' | 'chunks' | 'lexical', schema: z.ZodType<Value>): Promise<Value> => {
    const filePath = indexFilePath(directory, file);
    try {
      const parsed = schema.safeParse(JSON.parse(await readFile(filePath, { encoding: 'utf8', ...(signal ? { signal } : {}) })));
      if (!parsed.success) throw new IndexInvalidError(directory, `${file}.json does not match its schema: ${parsed.error.issues[0]?.message ?? ''}`);
      return parsed.data;
    } catch (error) {
      if (error instanceof IndexInvalidError) throw error;
      throw new IndexInvalidError(directory, `cannot read ${file}.json: ${(error as Error).message}`, { cause: error });
    }
  };
  const records: CorpusRecord[] = await readJson('records', recordsSchema);
  const chunks: Chunk[] = await readJson('chunks', chunksSchema);
  const lexical: SerializedLexicalIndex = await readJson('lexical', lexicalSchema);
  if (records.length !== manifest.records || chunks.length !== manifest.chunks) {
    throw new IndexInvalidError(directory, 'record or chunk counts differ from the manifest');
  }
  const vectors = manifest.dense ? await HnswVectorIndex.load(indexFilePath(directory, 'vectors'), manifest.dense.dimensions, undefined, embeddings) : undefined;
  if (vectors && vectors.size !== chunks.length) {
    throw new IndexInvalidError(directory, `the graph holds ${vectors.size} vectors for ${chunks.length} chunks`);
  }
  return { manifest, records, chunks, lexical, vectors };
}
