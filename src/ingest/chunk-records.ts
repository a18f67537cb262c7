import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters';
import type { CorpusRecord, Language } from './corpus-record.js';

/** A piece of one record's answer in one language, headed by its question, ready to embed. */
export interface Chunk {
  /** Position in the chunk list; also the vector's label in the HNSW index. */
  label: number;
  recordId: number;
  language: Language;
  text: string;
}

/** Splitter settings: answers are short, so most records give one chunk per language. */
export interface ChunkOptions {
  chunkSize: number;
  chunkOverlap: number;
}

const defaultChunkOptions: ChunkOptions = { chunkSize: 480, chunkOverlap: 60 };

/**
 * Splits every record's answer, per language, with LangChain's recursive splitter (paragraphs, then
 * lines, then sentences in either language). Each chunk starts with the record's question so that a
 * chunk from the middle of a long answer still says what it is about.
 */
export async function chunkRecords(records: readonly CorpusRecord[], options: Partial<ChunkOptions> = {}): Promise<Chunk[]> {
  const { chunkSize, chunkOverlap } = { ...defaultChunkOptions, ...options };
  const splitter = new RecursiveCharacterTextSplitter({
    chunkSize,
    chunkOverlap,
    separators: ['\n\n', '\n', '。', '. ', '; ', '，', ', ', ' ', ''],
  });
  const chunks: Chunk[] = [];
  for (const record of records) {
    for (const language of ['en', 'zh'] as const) {
      const pieces = await splitter.splitText(record.answer[language]);
      for (const piece of pieces) {
        chunks.push({ label: chunks.length, recordId: record.id, language, text: `${record.question[language]}\n${piece}` });
      }
    }
  }
  return chunks;
}
