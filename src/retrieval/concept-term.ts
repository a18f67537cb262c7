/** The lexical pseudo-term of a concept of the lexicon, by its position: never a word of any text. */
export function conceptTerm(conceptIndex: number): string {
  return `#${conceptIndex}`;
}
