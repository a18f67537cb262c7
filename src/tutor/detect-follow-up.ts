import type { WeightedTerm } from '../retrieval/index.js';

const englishReference =
  /\b(?:it|its|it's|this|that|these|those|they|them|their|former|latter|above|same|such|one|ones|another|other|further|more|else)\b|^(?:and|but|so|also|then|what about|how about|why|how come|in what way|compared)\b/iu;
const chineseReference = /它|它们|这个|那个|这种|那种|这些|那些|其|上面|刚才|前者|后者|例子|举例|举个|再|还有|那么|呢[？?]?$|^那/u;

/**
 * True when a message leans on the conversation before it: it refers back ("it", "that", "这个",
 * "它"), starts as a continuation ("And what about…", "那…呢？"), or says nothing retrievable of its
 * own ("Give me an example.").
 */
export function detectFollowUp(text: string, ownTerms: readonly WeightedTerm[]): boolean {
  const contentTerms = ownTerms.filter(({ term }) => !term.startsWith('=') && !/^(?:exampl|instanc|detail|elabor|simpler|simpl|more)$/u.test(term));
  if (contentTerms.length === 0) return true;
  return englishReference.test(text) || chineseReference.test(text);
}
