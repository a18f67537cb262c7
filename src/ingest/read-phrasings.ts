import { z } from 'zod';
import { CorpusError } from '../errors/index.js';
import { containsChinese, type Language } from '../text/index.js';
import { readJsonLines } from './read-json-lines.js';

const phrasingSchema = z
  .object({
    record: z.number().int().positive(),
    language: z.enum(['en', 'zh']),
    text: z.string().trim().min(1).max(400),
    draft: z.boolean().optional(),
  })
  .strict();

/**
 * One way a learner asks for a record ("training phrases" in FAQ assistants, doc2query in search):
 * indexed as its own field, and its words count as known to the bank. Drafts were written by a
 * model (`npm run ingest -- --expand`) and await review; they are used like reviewed ones.
 */
export interface Phrasing {
  recordId: number;
  language: Language;
  text: string;
  draft: boolean;
}

/**
 * Reads the phrasings overlay (`corpus/phrasings.jsonl`): `{ record, language, text, draft? }` a line.
 * @throws CorpusError naming the line of a malformed entry, of one for a record the bank does not
 *   have, or of a phrasing written twice for the same record.
 */
export async function readPhrasings(filePath: string, recordIds: ReadonlySet<number>, signal?: AbortSignal): Promise<Phrasing[]> {
  const seen = new Set<string>();
  return (await readJsonLines(filePath, phrasingSchema, signal)).map(({ value, line }) => {
    if (!recordIds.has(value.record)) throw new CorpusError(filePath, line, `record: the bank has no Q${value.record}`);
    if (containsChinese(value.text) !== (value.language === 'zh')) {
      throw new CorpusError(filePath, line, `language: ${JSON.stringify(value.text)} is not ${value.language === 'zh' ? 'Chinese' : 'English'}`);
    }
    const key = `${value.record}\u0000${value.text.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ')}`;
    if (seen.has(key)) throw new CorpusError(filePath, line, `text: ${JSON.stringify(value.text)} is already a phrasing of Q${value.record}`);
    seen.add(key);
    return { recordId: value.record, language: value.language, text: value.text, draft: value.draft ?? false };
  });
}
