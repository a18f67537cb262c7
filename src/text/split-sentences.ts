/**
 * Splits prose into sentences in either language, keeping list lines whole.
 * English sentences end at . ! ? before a capital or quote; Chinese ones at 。！？.
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
    for (const sentence of trimmed.split(/(?<=[.!?])\s+(?=[A-Z“"⟦(])|(?<=[。！？])\s*/u)) {
      if (sentence.trim() !== '') sentences.push(sentence.trim());
    }
  }
  return sentences;
}
