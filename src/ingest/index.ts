export type { CorpusRecord, BilingualText, Language, Restoration } from './corpus-record.js';
export { RESTORED_OPEN, RESTORED_CLOSE } from './corpus-record.js';
export { parseCorpus, type ParsedCorpus } from './parse-corpus.js';
export { findGaps, type Gap, type GapKind } from './find-gaps.js';
export { readCorpusOverlay, applyCorpusOverlay, type OverlayEntry } from './corpus-overlay.js';
export { loadCorpus, type LoadedCorpus } from './load-corpus.js';
export { chunkRecords, type Chunk, type ChunkOptions } from './chunk-records.js';
