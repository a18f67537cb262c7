import { chineseLexicon, englishLexicon, phrasePattern } from '../text/index.js';

const englishRequest = phrasePattern(englishLexicon.exampleRequests, 'en');
const chineseRequest = phrasePattern(chineseLexicon.exampleRequests, 'zh');

/** True when the learner asks for an example ("Give me an example", "能举个例子吗？"). */
export function detectExampleRequest(text: string): boolean {
  return englishRequest.test(text) || chineseRequest.test(text);
}
