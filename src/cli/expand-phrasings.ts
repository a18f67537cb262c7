import { appendFile, readFile } from 'node:fs/promises';
import { draftPhrasings, type ChatModel } from '../generation/index.js';
import type { LoadedCorpus } from '../ingest/index.js';

/** How many phrasings a record should have, per language, before it needs no drafts. */
export const WANTED_PHRASINGS = { en: 20, zh: 10 } as const;

/** What `npm run ingest -- --expand` did. */
export interface ExpansionSummary {
  records: number;
  drafted: number;
}

/**
 * Drafts phrasings with the LLM for every record that has fewer than it should, and appends them to
 * the phrasings overlay marked `"draft": true`, for a reviewer to keep, edit or delete.
 */
export async function expandPhrasings(
  corpus: LoadedCorpus,
  chatModel: ChatModel,
  phrasingsPath: string,
  onRecord: (recordId: number, drafted: number) => void,
  signal?: AbortSignal,
): Promise<ExpansionSummary> {
  let records = 0;
  let drafted = 0;
  // Appended lines must start on a line of their own, whatever the file ends with.
  let needsNewline = await readFile(phrasingsPath, 'utf8').then(
    (text) => text !== '' && !text.endsWith('\n'),
    () => false,
  );
  for (const record of corpus.records) {
    const existing = corpus.phrasings.filter((phrasing) => phrasing.recordId === record.id);
    const english = Math.max(0, WANTED_PHRASINGS.en - existing.filter((phrasing) => phrasing.language === 'en').length);
    const chinese = Math.max(0, WANTED_PHRASINGS.zh - existing.filter((phrasing) => phrasing.language === 'zh').length);
    if (english === 0 && chinese === 0) continue;
    const drafts = await draftPhrasings(chatModel, { record, existing: existing.map((phrasing) => phrasing.text), english, chinese }, signal ? { signal } : {});
    const lines = drafts.map((draft) => JSON.stringify({ record: record.id, language: draft.language, text: draft.text, draft: true }));
    if (lines.length > 0) {
      await appendFile(phrasingsPath, `${needsNewline ? '\n' : ''}${lines.join('\n')}\n`, { encoding: 'utf8', ...(signal ? { signal } : {}) });
      needsNewline = false;
    }
    records += 1;
    drafted += lines.length;
    onRecord(record.id, lines.length);
  }
  return { records, drafted };
}
