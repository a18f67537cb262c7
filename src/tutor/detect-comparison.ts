import { chineseLexicon, englishLexicon, phrasePattern } from '../text/index.js';

const english = phrasePattern(englishLexicon.comparisons, 'en');
const chinese = phrasePattern(chineseLexicon.comparisons, 'zh');

/** True when the learner asks to compare ("How is that different from temperature?", "和温度有什么区别？"). */
export function detectComparison(text: string): boolean {
  return english.test(text) || chinese.test(text);
}
