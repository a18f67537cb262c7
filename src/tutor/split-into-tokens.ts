/**
 * Cuts a prepared answer into small pieces so that an extractive answer streams like a generated one:
 * a word with its trailing space, or up to four Chinese characters.
 */
export function splitIntoTokens(text: string): string[] {
  return text.match(/[\u3400-\u9fff\uf900-\ufaff，。！？、；：]{1,4}|[^\s\u3400-\u9fff\uf900-\ufaff，。！？、；：]+\s*|\s+/gu) ?? [];
}
