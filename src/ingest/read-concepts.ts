import { z } from 'zod';
import { CorpusError } from '../errors/index.js';
import { readJsonLines } from './read-json-lines.js';

const conceptSchema = z
  .object({
    concept: z.string().trim().min(1),
    records: z.array(z.number().int().positive()).min(1),
    en: z.array(z.string().trim().min(1)).min(1),
    zh: z.array(z.string().trim().min(1)),
  })
  .strict();

/**
 * A key concept of one or more records, with the names learners give it in either language
 * ("top-p sampling" = "nucleus sampling" = "核采样"). A question that names it is about those records.
 */
export interface Concept {
  /** The canonical English name, unique in the lexicon. */
  name: string;
  recordIds: number[];
  /** Every name of the concept: the canonical one, synonyms, abbreviations and translations. */
  names: { en: string[]; zh: string[] };
}

/**
 * Reads the concept lexicon (`corpus/concepts.jsonl`): `{ concept, records, en, zh }` a line.
 * @throws CorpusError naming the line of a malformed entry, of a concept named twice, or of one that
 *   lists a record the bank does not have.
 */
export async function readConcepts(filePath: string, recordIds: ReadonlySet<number>, signal?: AbortSignal): Promise<Concept[]> {
  const seen = new Set<string>();
  return (await readJsonLines(filePath, conceptSchema, signal)).map(({ value, line }) => {
    const missing = value.records.find((id) => !recordIds.has(id));
    if (missing !== undefined) throw new CorpusError(filePath, line, `records: the bank has no Q${missing}`);
    const key = value.concept.toLowerCase();
    if (seen.has(key)) throw new CorpusError(filePath, line, `concept: ${JSON.stringify(value.concept)} is already defined`);
    seen.add(key);
    return { name: value.concept, recordIds: [...new Set(value.records)], names: { en: value.en, zh: value.zh } };
  });
}
