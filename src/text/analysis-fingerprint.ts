import { createHash } from 'node:crypto';
import { chineseLexicon } from './chinese-lexicon.js';
import { englishLexicon } from './english-lexicon.js';

/**
 * Bumped whenever the way text is read changes in code (tokenizing, stemming, segmenting), so that
 * an index built by the old code is rebuilt rather than read with terms the questions no longer use.
 */
export const ANALYSIS_VERSION = 3;

let fingerprint: string | undefined;

/** A short hash of the analysis version and both lexicons: an index records it and is rebuilt when it differs. */
export function analysisFingerprint(): string {
  fingerprint ??= createHash('sha256')
    .update(String(ANALYSIS_VERSION))
    .update(JSON.stringify([englishLexicon, chineseLexicon], (_key, value: unknown) => (value instanceof Set ? [...value] : value)))
    .digest('hex')
    .slice(0, 16);
  return fingerprint;
}
