import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { CorpusError } from '../errors/index.js';
import { RESTORED_CLOSE, RESTORED_OPEN, type CorpusRecord, type Restoration } from './corpus-record.js';

const restorationSchema = z.object({
  id: z.number().int().positive(),
  language: z.enum(['en', 'zh']),
  field: z.enum(['question', 'answer']),
  damaged: z.string().min(1),
  restored: z.string().min(1),
  reason: z.string().min(1),
});

const overlaySchema = z.object({
  description: z.string().optional(),
  restorations: z.array(restorationSchema),
});

/** One reviewed restoration as written in the overlay file. */
export type OverlayEntry = z.infer<typeof restorationSchema>;

/**
 * Reads the reviewed overlay of restorations. A missing file means no restorations.
 * @throws CorpusError when the file is not valid JSON or does not match the schema.
 */
export async function readCorpusOverlay(overlayPath: string, signal?: AbortSignal): Promise<OverlayEntry[]> {
  let text: string;
  try {
    text = await readFile(overlayPath, { encoding: 'utf8', ...(signal ? { signal } : {}) });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CorpusError(overlayPath, 1, `not valid JSON: ${(error as Error).message}`);
  }
  const parsed = overlaySchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CorpusError(overlayPath, 1, `${issue?.path.join('.') ?? 'file'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data.restorations;
}

/**
 * Applies restorations to the records, returning new records. Each entry's `damaged` text must occur
 * exactly once in its field, and its `restored` text must mark what it inserts with ⟦ ⟧, so that a
 * stale or careless overlay is caught at ingest instead of silently changing the bank.
 * @throws CorpusError naming the entry that does not apply.
 */
export function applyCorpusOverlay(records: readonly CorpusRecord[], entries: readonly OverlayEntry[], overlayPath: string): CorpusRecord[] {
  const byId = new Map(records.map((record) => [record.id, structuredClone(record)]));
  entries.forEach((entry, position) => {
    const where = `restoration #${position + 1} (Q${entry.id} ${entry.language} ${entry.field})`;
    const record = byId.get(entry.id);
    if (!record) throw new CorpusError(overlayPath, 1, `${where}: no record Q${entry.id}`);
    if (!entry.restored.includes(RESTORED_OPEN) || !entry.restored.includes(RESTORED_CLOSE)) {
      throw new CorpusError(overlayPath, 1, `${where}: restored text must mark the inserted part with ${RESTORED_OPEN} ${RESTORED_CLOSE}`);
    }
    const text = record[entry.field][entry.language];
    const first = text.indexOf(entry.damaged);
    if (first === -1) throw new CorpusError(overlayPath, 1, `${where}: damaged text ${JSON.stringify(entry.damaged)} not found`);
    if (text.indexOf(entry.damaged, first + 1) !== -1) {
      throw new CorpusError(overlayPath, 1, `${where}: damaged text ${JSON.stringify(entry.damaged)} occurs more than once`);
    }
    record[entry.field][entry.language] = text.slice(0, first) + entry.restored + text.slice(first + entry.damaged.length);
    const restoration: Restoration = {
      language: entry.language,
      field: entry.field,
      damaged: entry.damaged,
      restored: entry.restored,
      reason: entry.reason,
    };
    record.restorations.push(restoration);
  });
  return records.map((record) => byId.get(record.id) ?? record);
}
