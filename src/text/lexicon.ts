import type { Language } from './language.js';

/**
 * The words of one language that the tutor reads specially. One lexicon per language, so that a word
 * list lives in one place and the lists can be checked against each other.
 */
export interface Lexicon {
  language: Language;
  /**
   * Words that carry no topic: function words and the phrasing of questions ("what is", "tell me
   * about"; in Chinese question phrases and particles, dropped as whole words after segmentation).
   */
  stopwords: ReadonlySet<string>;
  /** Everyday words a question may use without them being its topic ("good", "make"); they count weakly. */
  generalWords: ReadonlySet<string>;
  /** Words with which a learner asks for an example ("give me an example", "举个例子"). */
  exampleRequests: readonly string[];
  /** Words with which a text introduces an example ("for instance", "例如"). */
  exampleMarkers: readonly string[];
  /** Words that refer back to the conversation ("it", "that", "这个"). */
  references: readonly string[];
  /** Words with which a learner asks to compare ("how is that different from…", "区别"). */
  comparisons: readonly string[];
  /** Openers that continue the previous question ("and", "what about", "那…"). */
  continuations: readonly string[];
  /** Words of a follow-up that say how to answer, not what about ("more", "simpler", "详细"). */
  answerShapeWords: readonly string[];
  /**
   * Function words a multi-word name can be written with or without ("query, key and value",
   * "mixture of experts"): a narrower list than the stop words, which also drop "few" or "one".
   */
  connectives: ReadonlySet<string>;
}
