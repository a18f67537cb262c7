import { access } from 'node:fs/promises';
import { z } from 'zod';
import { CorpusError } from '../errors/index.js';
import { containsChinese } from '../text/index.js';
import { readJsonLines, type NumberedLine } from './read-json-lines.js';

/** The fewest and the most key points a record may have. */
const minPoints = 2;
const maxPoints = 6;

const text = z.string().trim().min(1);
const cuesSchema = z
  .object({
    en: z.array(text).min(2).max(5),
    zh: z.array(text).min(2).max(5),
  })
  .strict();

const keyPointSchema = z
  .object({
    record: z.number().int().positive(),
    point: z.number().int().positive(),
    en: text.max(300),
    zh: text.max(300),
    concepts: z.array(text).max(4),
    cues: cuesSchema.optional(),
  })
  .strict()
  .refine((value) => value.concepts.length > 0 || value.cues !== undefined, {
    message: 'name at least one concept of the lexicon, or give cues',
    path: ['concepts'],
  });

/** Any JSON object: each line is validated against keyPointSchema after its record is known, so errors can name it. */
const anyObject = z.object({}).passthrough();

/**
 * One point a strong interview answer to a record must make (a grading rubric line), in English and
 * Chinese. An answer made the point when it names one of `concepts` (names of the concept lexicon,
 * `corpus/concepts.jsonl`, whose synonyms count) or, for a point the lexicon has no concept for, one
 * of `cues`.
 */
export interface KeyPoint {
  /** The record (question) id. */
  record: number;
  /** 1-based, without gaps within the record. */
  point: number;
  en: string;
  zh: string;
  /** Canonical names of concepts in the lexicon; may be empty when cues are given. */
  concepts: string[];
  /** Words or phrases that show the point was made, when no concept of the lexicon does. */
  cues?: { en: string[]; zh: string[] };
}

/**
 * Reads the key-points overlay (`corpus/key-points.jsonl`): `{ record, point, en, zh, concepts, cues? }`
 * a line. A missing file is an empty overlay; a file that exists must give every record of the bank
 * 2 to 6 points, numbered 1..n. Returns the points in record and point order.
 * @throws CorpusError naming the file, the line and the record of a malformed entry, of one for a
 *   record the bank does not have, of text in the wrong language, of a concept name the lexicon does
 *   not have, of a point given twice, of a gap in the numbering, or of a record with too few or too
 *   many points (for a record with none, the line where its points belong).
 */
export async function readKeyPoints(
  filePath: string,
  recordIds: ReadonlySet<number>,
  conceptNames: ReadonlySet<string>,
  signal?: AbortSignal,
): Promise<KeyPoint[]> {
  const lines = await readJsonLines(filePath, anyObject, signal);
  if (lines.length === 0 && !(await exists(filePath))) return [];
  const byRecord = new Map<number, NumberedLine<KeyPoint>[]>();
  for (const { value, line } of lines) {
    const keyPoint = validate(filePath, line, value, recordIds, conceptNames);
    const own = byRecord.get(keyPoint.record) ?? [];
    const twin = own.find((other) => other.value.point === keyPoint.point);
    if (twin) throw new CorpusError(filePath, line, `Q${keyPoint.record} point ${keyPoint.point}: already given on line ${twin.line}`);
    own.push({ value: keyPoint, line });
    byRecord.set(keyPoint.record, own);
  }
  const result: KeyPoint[] = [];
  for (const id of [...recordIds].sort((left, right) => left - right)) {
    const own = (byRecord.get(id) ?? []).sort((left, right) => left.value.point - right.value.point);
    checkNumbering(filePath, id, own, lines);
    result.push(...own.map(({ value }) => value));
  }
  return result;
}

/** Validates one line's object and its references to the bank and the lexicon. */
function validate(
  filePath: string,
  line: number,
  value: Record<string, unknown>,
  recordIds: ReadonlySet<number>,
  conceptNames: ReadonlySet<string>,
): KeyPoint {
  const label = describe(value);
  const parsed = keyPointSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : 'entry';
    throw new CorpusError(filePath, line, `${label}: ${where}: ${issue?.message ?? 'invalid'}`);
  }
  const entry = parsed.data;
  if (!recordIds.has(entry.record)) throw new CorpusError(filePath, line, `${label}: record: the bank has no Q${entry.record}`);
  if (containsChinese(entry.en)) throw new CorpusError(filePath, line, `${label}: en: ${JSON.stringify(entry.en)} is not English`);
  if (!containsChinese(entry.zh)) throw new CorpusError(filePath, line, `${label}: zh: ${JSON.stringify(entry.zh)} is not Chinese`);
  const seen = new Set<string>();
  for (const name of entry.concepts) {
    if (!conceptNames.has(name)) throw new CorpusError(filePath, line, `${label}: concepts: ${JSON.stringify(name)} is not a concept of the lexicon`);
    if (seen.has(name)) throw new CorpusError(filePath, line, `${label}: concepts: ${JSON.stringify(name)} is named twice`);
    seen.add(name);
  }
  return {
    record: entry.record,
    point: entry.point,
    en: entry.en,
    zh: entry.zh,
    concepts: entry.concepts,
    ...(entry.cues ? { cues: entry.cues } : {}),
  };
}

/** Checks that a record's points, sorted by number, run 1..n with 2 <= n <= 6. */
function checkNumbering(filePath: string, id: number, own: readonly NumberedLine<KeyPoint>[], lines: readonly NumberedLine<Record<string, unknown>>[]): void {
  if (own.length === 0) {
    // Where the points belong: before the first entry of a later record, or at the end of the file.
    const next = lines.find(({ value }) => typeof value.record === 'number' && value.record > id);
    const line = next?.line ?? lines.at(-1)?.line ?? 1;
    throw new CorpusError(filePath, line, `Q${id}: has no key points; every record of the bank needs ${minPoints} to ${maxPoints}`);
  }
  own.forEach(({ value, line }, index) => {
    if (value.point !== index + 1) {
      throw new CorpusError(filePath, line, `Q${id} point ${value.point}: there is no point ${index + 1}; points are numbered 1..n without gaps`);
    }
  });
  const last = own.at(-1);
  if (last && own.length < minPoints) {
    throw new CorpusError(filePath, last.line, `Q${id}: has ${own.length} key point; every record needs ${minPoints} to ${maxPoints}`);
  }
  const extra = own[maxPoints];
  if (extra) throw new CorpusError(filePath, extra.line, `Q${id}: has ${own.length} key points; every record needs ${minPoints} to ${maxPoints}`);
}

/** "Q5 point 2", or as much of it as the entry gives, for error messages. */
function describe(value: Record<string, unknown>): string {
  const record = typeof value.record === 'number' ? `Q${value.record}` : 'entry';
  return typeof value.point === 'number' ? `${record} point ${value.point}` : record;
}

async function exists(filePath: string): Promise<boolean> {
  try {
    await access(filePath);
    return true;
  } catch {
    return false;
  }
}
