/**
 * The characters that could open or close a tag in the prompt, and every form whose NFKC
 * normalisation is one of them (full-width and small forms), so that no text placed between the
 * prompt's data delimiters can close a fence or forge a `<records>` block, whatever its case,
 * spacing or width. The test checks this list against every code point.
 */
const escapes: ReadonlyMap<string, string> = new Map([
  ['&', '&amp;'],
  ['<', '&lt;'],
  ['>', '&gt;'],
  ['\uFF06', '&amp;'],
  ['\uFE60', '&amp;'],
  ['\uFF1C', '&lt;'],
  ['\uFE64', '&lt;'],
  ['\uFF1E', '&gt;'],
  ['\uFE65', '&gt;'],
]);

const pattern = new RegExp(`[${[...escapes.keys()].join('')}]`, 'gu');

/**
 * Escapes `<`, `>` and `&` (and their full-width and small forms) as `&lt;`, `&gt;` and `&amp;`, for
 * text placed inside the prompt's data fences: the learner's message, the history and the records.
 * Other characters, Chinese punctuation included, are left as they are.
 */
export function escapePromptData(text: string): string {
  return text.replace(pattern, (character) => escapes.get(character) ?? character);
}
