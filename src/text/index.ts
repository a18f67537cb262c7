export { containsChinese } from './contains-chinese.js';
export { tokenize, tokenizeWeighted, stemWord, type WeightedToken } from './tokenize.js';
export { detectLanguage } from './detect-language.js';
export { splitSentences } from './split-sentences.js';
