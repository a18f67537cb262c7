import type { ConversationTurn } from './conversation-turn.js';

/**
 * How much of a conversation is kept, and shown to the LLM: the last `messages` messages, at most
 * `characters` characters in all, each message cut to `entryCharacters`. One budget, from the
 * configuration (`HISTORY_MESSAGES`, `HISTORY_CHARS`, `HISTORY_ENTRY_CHARS`), for the session store,
 * the condense step, the answer prompt and `POST /api/chat` alike.
 */
export interface HistoryBudget {
  messages: number;
  characters: number;
  /** Longest single message; longer ones keep their start and a marker. Default: `characters`. */
  entryCharacters?: number;
}

/**
 * The newest turns that fit the budget, oldest first. Each turn longer than `entryCharacters` is cut
 * with a marker first, so the newest turn, which always stays, is bounded too.
 */
export function withinBudget<Turn extends ConversationTurn>(turns: readonly Turn[], budget: HistoryBudget): Turn[] {
  const entryCharacters = Math.min(budget.entryCharacters ?? budget.characters, budget.characters);
  const kept: Turn[] = [];
  let characters = 0;
  for (let index = turns.length - 1; index >= 0 && kept.length < budget.messages; index -= 1) {
    const turn = truncateTurn(turns[index] as Turn, entryCharacters);
    characters += turn.content.length;
    if (characters > budget.characters && kept.length > 0) break;
    kept.unshift(turn);
  }
  return kept;
}

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
