import type { ConversationTurn } from './conversation-turn.js';

/** The marker that ends a message cut to the entry budget; says how much was left out. */
export function truncationMarker(omittedCharacters: number): string {
  return `\n\n[… ${omittedCharacters.toLocaleString('en-US')} more characters not kept]`;
}

/**
 * A turn whose content fits `limit` characters, marker included: the start is kept, cut at a line or
 * word break near the limit when there is one, never inside a surrogate pair.
 */
export function truncateTurn<Turn extends ConversationTurn>(turn: Turn, limit: number): Turn {
  const content = turn.content;
  if (content.length <= limit) return turn;
  // The marker's length depends on the count it prints; the count's digits are bounded by the content's.
  let keep = Math.max(0, limit - truncationMarker(content.length).length);
  const lastBreak = Math.max(content.lastIndexOf('\n', keep), content.lastIndexOf(' ', keep));
  if (lastBreak > keep * 0.8) keep = lastBreak;
  const code = content.charCodeAt(keep - 1);
  if (code >= 0xd800 && code <= 0xdbff) keep -= 1;
  const start = content.slice(0, keep).trimEnd();
  return { ...turn, content: start + truncationMarker(content.length - start.length) };
}
