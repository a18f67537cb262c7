import type { Language } from './language.js';
import { containsChinese } from './han-characters.js';

/**
 * The language to answer in. Any Chinese character makes it Chinese: a learner who writes
 * "LLM 里的 temperature 是干什么的？" reads Chinese and borrows English terms.
 */
export function detectLanguage(text: string): Language {
  return containsChinese(text) ? 'zh' : 'en';
}
