/**
 * The bank's pseudo-terms: terms that stand for something other than a written word, and so never
 * collide with one. A concept of the lexicon is `#<position>`; the long form of an acronym, wherever
 * it is written out, is `=<acronym>`.
 */

/** The lexical pseudo-term of a concept of the lexicon, by its position. */
export function conceptTerm(conceptIndex: number): string {
  return `#${conceptIndex}`;
}

/** The pseudo-term present wherever an acronym's long form is written out ("large language model" for LLM). */
export function longFormTerm(acronymTerm: string): string {
  return `=${acronymTerm}`;
}

/** True for a concept's pseudo-term. */
export function isConceptTerm(term: string): boolean {
  return term.startsWith('#');
}

/** True for an acronym's long-form pseudo-term. */
export function isLongFormTerm(term: string): boolean {
  return term.startsWith('=');
}
