import type { ConversationTurn } from './conversation-turn.js';

/**
 * How much of a conversation is kept, and shown to the LLM: the last `messages` messages, at most
 * `characters` characters in all. One budget, from the configuration (`HISTORY_MESSAGES`,
 * `HISTORY_CHARS`), for the session store, the condense step and the answer prompt alike.
 */
export interface HistoryBudget {
  messages: number;
  characters: number;
}

/** The newest turns that fit the budget, oldest first; the newest one always stays. */
export function withinBudget(turns: readonly ConversationTurn[], budget: HistoryBudget): ConversationTurn[] {
  const kept: ConversationTurn[] = [];
  let characters = 0;
  for (let index = turns.length - 1; index >= 0 && kept.length < budget.messages; index -= 1) {
    const turn = turns[index] as ConversationTurn;
    characters += turn.content.length;
    if (characters > budget.characters && kept.length > 0) break;
    kept.unshift(turn);
  }
  return kept;
}
