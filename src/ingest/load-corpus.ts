import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { applyCorpusOverlay, readCorpusOverlay } from './corpus-overlay.js';
import type { CorpusRecord } from './corpus-record.js';
import { findGaps, type Gap } from './find-gaps.js';
import { parseCorpus } from './parse-corpus.js';
import { readConcepts, type Concept } from './read-concepts.js';
import { readKeyPoints, type KeyPoint } from './read-key-points.js';
import { readMisconceptions, type Misconception } from './read-misconceptions.js';
import { readPhrasings, type Phrasing } from './read-phrasings.js';

/** Where the bank and its reviewed overlays are. An overlay that is not given, or whose file is missing, is empty. */
export interface CorpusPaths {
  corpus: string;
  /** Restorations of lost formulas and values (`corpus/restorations.json`). */
  restorations: string;
  /** How learners ask for each record (`corpus/phrasings.jsonl`). */
  phrasings?: string;
  /** The records' key concepts and their synonyms (`corpus/concepts.jsonl`). */
  concepts?: string;
  /** The points a strong answer to each record must make (`corpus/key-points.jsonl`); names concepts of `concepts`. */
  keyPoints?: string;
  /** Known wrong claims per record, and their corrections (`corpus/misconceptions.jsonl`). */
  misconceptions?: string;
}

/** The bank ready for indexing, with what ingest has to report about it. */
export interface LoadedCorpus {
  records: CorpusRecord[];
  phrasings: Phrasing[];
  concepts: Concept[];
  /** 2 to 6 per record when the overlay is given; empty when it is not. */
  keyPoints: KeyPoint[];
  misconceptions: Misconception[];
  /** sha256 of the corpus and every overlay: the index is stale when it changes. */
  hash: string;
  restorationCount: number;
  /** Gaps the overlay does not fill; ingest reports each one. */
  unfilledGaps: Gap[];
  excludedTrailingLines: number;
}

/** Reads, parses and restores the bank, and reads its phrasings, concepts, key points and misconceptions. */
export async function loadCorpus(paths: CorpusPaths, signal?: AbortSignal): Promise<LoadedCorpus> {
  const text = await readFile(paths.corpus, { encoding: 'utf8', ...(signal ? { signal } : {}) });
  const parsed = parseCorpus(text, paths.corpus);
  const entries = await readCorpusOverlay(paths.restorations, signal);
  const records = applyCorpusOverlay(parsed.records, entries, paths.restorations);
  const recordIds = new Set(records.map((record) => record.id));
  const phrasings = paths.phrasings ? await readPhrasings(paths.phrasings, recordIds, signal) : [];
  const concepts = paths.concepts ? await readConcepts(paths.concepts, recordIds, signal) : [];
  const conceptNames = new Set(concepts.map((concept) => concept.name));
  const keyPoints = paths.keyPoints ? await readKeyPoints(paths.keyPoints, recordIds, conceptNames, signal) : [];
  const misconceptions = paths.misconceptions ? await readMisconceptions(paths.misconceptions, recordIds, signal) : [];
  const hash = createHash('sha256')
    .update(text)
    .update('\0')
    .update(JSON.stringify(entries))
    .update('\0')
    .update(JSON.stringify(phrasings))
    .update('\0')
    .update(JSON.stringify(concepts))
    .update('\0')
    .update(JSON.stringify(keyPoints))
    .update('\0')
    .update(JSON.stringify(misconceptions))
    .digest('hex');
  return {
    records,
    phrasings,
    concepts,
    keyPoints,
    misconceptions,
    hash,
    restorationCount: entries.length,
    unfilledGaps: findGaps(records),
    excludedTrailingLines: parsed.excludedTrailingLines,
  };
}
