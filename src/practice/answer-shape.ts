import { containsChinese } from '../text/index.js';

/** What a practice answer looks like, apart from what it says. */
export interface AnswerShape {
  /** Terms in a row with nothing that joins them into claims ("LoRA, low rank, adapters, 4-bit"). */
  keywordList: boolean;
  /** Words (English) or characters (Chinese) of content. */
  length: number;
}

const englishJoiners = /\b(?:is|are|was|were|be|it|this|that|which|so|because|by|to|of|the|a|an|can|does|do|makes?|uses?|means?|lets?|allows?|helps?|reduces?|adds?|keeps?|when|if|then|than|instead)\b/giu;
const chineseJoiners = /[是的了会能让把被通过因为所以如果然后从而使得可以用来就而并且比]/gu;

/**
 * Reads the shape of an answer: a list of keywords is short items separated by commas, slashes or
 * new lines with almost none of the words that join terms into statements. Such an answer names
 * the right things without saying anything about them, and a human interviewer would not accept it.
 */
export function readAnswerShape(answer: string): AnswerShape {
  const chinese = containsChinese(answer);
  const items = answer.split(/[,，、;；/|\n•·]+|\s-\s/u).map((item) => item.trim()).filter((item) => item !== '');
  const words = answer.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) ?? [];
  const length = chinese ? [...answer.replace(/[\s\p{P}]/gu, '')].length : words.length;
  const joiners = (answer.match(chinese ? chineseJoiners : englishJoiners) ?? []).length;
  const perItem = chinese ? length / Math.max(1, items.length) : words.length / Math.max(1, items.length);
  const shortItems = chinese ? perItem <= 8 : perItem <= 3.5;
  const joinerShare = joiners / Math.max(1, chinese ? length / 2 : words.length);
  return { keywordList: items.length >= 3 && shortItems && joinerShare < 0.12, length };
}
