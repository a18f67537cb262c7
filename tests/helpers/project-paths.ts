import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, so tests find the real corpus and eval files wherever vitest runs from. */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const corpusPath = path.join(projectRoot, 'corpus/llm-interview-50.en-zh.txt');
export const overlayPath = path.join(projectRoot, 'corpus/restorations.json');
export const devEvalPath = path.join(projectRoot, 'eval/dev.jsonl');
export const phrasingsPath = path.join(projectRoot, 'corpus/phrasings.jsonl');
export const conceptsPath = path.join(projectRoot, 'corpus/concepts.jsonl');
export const keyPointsPath = path.join(projectRoot, 'corpus/key-points.jsonl');
export const misconceptionsPath = path.join(projectRoot, 'corpus/misconceptions.jsonl');
/** The real bank with every reviewed overlay, as the running tutor loads it. */
export const corpusPaths = { corpus: corpusPath, restorations: overlayPath, phrasings: phrasingsPath, concepts: conceptsPath, keyPoints: keyPointsPath, misconceptions: misconceptionsPath };
