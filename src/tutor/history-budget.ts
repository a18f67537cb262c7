import type { ConversationTurn } from './conversation-turn.js';
import { truncateTurn } from './truncate-turn.js';

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
