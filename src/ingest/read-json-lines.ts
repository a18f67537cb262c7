import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { CorpusError } from '../errors/index.js';

/** One parsed line of a JSON Lines overlay, with the line it came from. */
export interface NumberedLine<T> {
  value: T;
  line: number;
}

/**
 * Reads a reviewed JSON Lines overlay: one object a line, blank lines and lines starting with `//`
 * skipped. A missing file means an empty overlay (a new bank has none yet).
 * @throws CorpusError naming the file and line of the first malformed entry.
 */
export async function readJsonLines<Schema extends z.ZodTypeAny>(
  filePath: string,
  schema: Schema,
  signal?: AbortSignal,
): Promise<NumberedLine<z.output<Schema>>[]> {
  let text: string;
  try {
    text = await readFile(filePath, { encoding: 'utf8', ...(signal ? { signal } : {}) });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const entries: NumberedLine<z.output<Schema>>[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('//')) return;
    let json: unknown;
    try {
      json = JSON.parse(trimmed);
    } catch (error) {
      throw new CorpusError(filePath, line, `not valid JSON: ${(error as Error).message}`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? issue.path.join('.') : 'entry';
      throw new CorpusError(filePath, line, `${where}: ${issue?.message ?? 'invalid'}`);
    }
    entries.push({ value: parsed.data as z.output<Schema>, line });
  });
  return entries;
}
