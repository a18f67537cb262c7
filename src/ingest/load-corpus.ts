import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { applyCorpusOverlay, readCorpusOverlay } from './corpus-overlay.js';
import type { CorpusRecord } from './corpus-record.js';
import { findGaps, type Gap } from './find-gaps.js';
import { parseCorpus } from './parse-corpus.js';

/** The bank ready for indexing, with what ingest has to report about it. */
export interface LoadedCorpus {
  records: CorpusRecord[];
  /** sha256 of the corpus and overlay bytes: the index is stale when it changes. */
  hash: string;
  restorationCount: number;
  /** Gaps the overlay does not fill; ingest reports each one. */
  unfilledGaps: Gap[];
  excludedTrailingLines: number;
}

/** Reads, parses and restores the bank. */
export async function loadCorpus(corpusPath: string, overlayPath: string, signal?: AbortSignal): Promise<LoadedCorpus> {
  const options = { encoding: 'utf8' as const, ...(signal ? { signal } : {}) };
  const text = await readFile(corpusPath, options);
  const parsed = parseCorpus(text, corpusPath);
  const entries = await readCorpusOverlay(overlayPath, signal);
  const records = applyCorpusOverlay(parsed.records, entries, overlayPath);
  const hash = createHash('sha256').update(text).update('\0').update(JSON.stringify(entries)).digest('hex');
  return {
    records,
    hash,
    restorationCount: entries.length,
    unfilledGaps: findGaps(records),
    excludedTrailingLines: parsed.excludedTrailingLines,
  };
}
