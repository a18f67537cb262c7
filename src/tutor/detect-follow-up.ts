import { isConceptTerm, isLongFormTerm, type WeightedTerm } from '../retrieval/index.js';
import { chineseLexicon, englishLexicon, phrasePattern, stemWord } from '../text/index.js';

const englishReference = phrasePattern(englishLexicon.references.filter((word) => word !== 'that'), 'en');
// "that" refers back ("how is that different?") unless it starts a relative clause ("words that aren't in the vocab").
const englishThat = /\bthat\b(?!\s+(?:is|are|was|were|do|does|did|has|have|had|can|could|will|would|should|may|might|must|isn't|aren't|wasn't|weren't|don't|doesn't|didn't|won't|can't|cannot|makes?|gives?|uses?|helps?|lets?|allows?|keeps?)\b)/iu;
const englishContinuation = new RegExp(`^\\s*${phrasePattern(englishLexicon.continuations, 'en').source}`, 'iu');
const chineseReference = phrasePattern(chineseLexicon.references, 'zh');
const chineseContinuation = new RegExp(`^\\s*${phrasePattern(chineseLexicon.continuations, 'zh').source}|呢\\s*[？?]?\\s*$`, 'u');
const answerShapeTerms: ReadonlySet<string> = new Set([
  ...englishLexicon.answerShapeWords.map((word) => stemWord(word)),
  ...chineseLexicon.answerShapeWords.flatMap((word) => (word.length === 2 ? [word] : [])),
]);

/**
 * The terms of a message that say what it is about, leaving out those that only say how to answer
 * ("an example", "more detail", "simpler"), everyday words that weigh little ("real", "实际"),
 * expansions and concept pseudo-terms.
 */
export function topicTerms(terms: readonly WeightedTerm[]): WeightedTerm[] {
  return terms.filter(({ term, weight }) => weight >= 1 && !isLongFormTerm(term) && !isConceptTerm(term) && !answerShapeTerms.has(term));
}

/** How a message leans on the conversation before it. */
export interface FollowUpReading {
  /** It leans on the conversation at all. */
  followUp: boolean;
  /** It refers back with a word such as "it", "that", "这个", "它". */
  refersBack: boolean;
  /** It names a topic of its own ("And what about beam search?", a concept of the lexicon), not only how to answer. */
  hasTopic: boolean;
}

/**
 * Reads whether a message leans on the conversation before it: it refers back ("it", "that", "这个",
 * "它"), starts as a continuation ("And what about…", "那…呢？"), or says nothing retrievable of its
 * own ("Give me an example.").
 */
export function readFollowUp(text: string, terms: readonly WeightedTerm[]): FollowUpReading {
  const hasTopic = topicTerms(terms).length > 0 || terms.some(({ term }) => isConceptTerm(term));
  const refersBack = englishReference.test(text) || englishThat.test(text) || chineseReference.test(text);
  const continues = englishContinuation.test(text) || chineseContinuation.test(text);
  return { followUp: !hasTopic || refersBack || continues, refersBack, hasTopic };
}

/** True when a message leans on the conversation before it (see readFollowUp). */
export function detectFollowUp(text: string, terms: readonly WeightedTerm[]): boolean {
  return readFollowUp(text, terms).followUp;
}
