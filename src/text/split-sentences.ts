/**
 * Splits prose into sentences in either language, keeping list lines whole.
 * English sentences end at . ! ? (or just inside a closing quote) before a capital or quote; Chinese ones at 。！？.
 */
export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '') continue;
    if (trimmed.startsWith('- ')) {
      sentences.push(trimmed);
      continue;
    }
    // A sentence may end inside its closing quote or bracket: 'split into “art,” “ific,” and “ial.” This process…'.
    for (const sentence of trimmed.split(/(?<=[.!?][”"’)]?)\s+(?=[A-Z“"⟦(])|(?<=[。！？][”"’」）]?)(?![”"’」）])\s*/u)) {
      if (sentence.trim() !== '') sentences.push(sentence.trim());
    }
  }
  return sentences;
}
