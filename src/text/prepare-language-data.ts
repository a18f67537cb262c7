import { prepareChineseScripts } from './chinese-script.js';
import { prepareChineseSegmenter } from './chinese-segmenter.js';
import { englishNouns } from './english-nouns.js';
import { englishWordFrequency } from './english-word-frequency.js';

/**
 * Loads every language table a question may need (OpenCC's dictionaries, jieba's frequencies,
 * SUBTLEX, the part-of-speech tagger): about a second in all. Each loads on first use otherwise;
 * the server calls this right after it starts listening, so no learner pays for it.
 */
export function prepareLanguageData(): void {
  prepareChineseScripts();
  prepareChineseSegmenter();
  englishWordFrequency('');
  englishNouns('warm up');
}
