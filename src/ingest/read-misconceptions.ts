import { z } from 'zod';
import { CorpusError } from '../errors/index.js';
import { containsChinese } from '../text/index.js';
import { readJsonLines } from './read-json-lines.js';

const text = z.string().trim().min(1).max(400);
const term = z.string().trim().min(1).max(80);
const bilingual = z.object({ en: text, zh: text }).strict();

const misconceptionSchema = z
  .object({
    id: z.string().trim().min(1).max(16),
    claim: bilingual,
    correction: bilingual,
    // Alternatives, each a list of groups, each a list of terms: see Misconception.patterns.
    patterns: z.array(z.array(z.array(term).min(1).max(1000)).min(1).max(4)).min(1).max(8),
    unless: z.array(term).max(200).default([]),
  })
  .strict();

const lineSchema = z.object({ recordId: z.number().int().positive(), misconceptions: z.array(misconceptionSchema).min(1).max(8) }).strict();

/**
 * A wrong claim a candidate may make about a record with the right words ("QLoRA keeps the weights in
 * 32-bit"), how to spot it in one sentence, and what is true instead.
 */
export interface Misconception {
  record: number;
  id: string;
  claim: { en: string; zh: string };
  correction: { en: string; zh: string };
  /**
   * Alternatives; an alternative matches a sentence when each of its groups has a term in it. Terms
   * are lower case: English ones match whole words, Chinese ones as substrings.
   */
  patterns: string[][][];
  /** Terms that, in the same sentence, mean it is not the wrong claim (a negation, a contrast). */
  unless: string[];
}

/**
 * Reads the misconceptions overlay (`corpus/misconceptions.jsonl`): `{ recordId, misconceptions: [...] }`
 * a line. A missing file is an empty overlay: the grader then catches no wrong claims.
 * @throws CorpusError naming the file and the line of a malformed entry, of one for a record the bank
 *   does not have, of text in the wrong language, or of an id given twice.
 */
export async function readMisconceptions(filePath: string, recordIds: ReadonlySet<number>, signal?: AbortSignal): Promise<Misconception[]> {
  const lines = await readJsonLines(filePath, lineSchema, signal);
  const seen = new Map<string, number>();
  const result: Misconception[] = [];
  for (const { value, line } of lines) {
    if (!recordIds.has(value.recordId)) throw new CorpusError(filePath, line, `recordId: the bank has no Q${value.recordId}`);
    for (const entry of value.misconceptions) {
      const label = `Q${value.recordId} misconception ${JSON.stringify(entry.id)}`;
      const twin = seen.get(entry.id);
      if (twin !== undefined) throw new CorpusError(filePath, line, `${label}: id already given on line ${twin}`);
      seen.set(entry.id, line);
      for (const field of ['claim', 'correction'] as const) {
        if (containsChinese(entry[field].en)) throw new CorpusError(filePath, line, `${label}: ${field}.en is not English`);
        if (!containsChinese(entry[field].zh)) throw new CorpusError(filePath, line, `${label}: ${field}.zh is not Chinese`);
      }
      const lower = (terms: string[]) => terms.map((value) => value.normalize('NFKC').toLowerCase());
      result.push({
        record: value.recordId,
        id: entry.id,
        claim: entry.claim,
        correction: entry.correction,
        patterns: entry.patterns.map((alternative) => alternative.map(lower)),
        unless: lower(entry.unless),
      });
    }
  }
  return result;
}
