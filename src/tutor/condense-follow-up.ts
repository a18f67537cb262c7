import type { ChatModel } from '../generation/index.js';
import { buildCondensePrompt } from '../generation/index.js';
import type { ConversationTurn } from './conversation-turn.js';

/** The standalone form of a follow-up and how it was made. */
export interface CondensedQuery {
  query: string;
  method: 'none' | 'history' | 'llm';
}

/** The standalone question of the learner's last turn (its rewritten form when it had one). */
export function previousQuestion(history: readonly ConversationTurn[]): string | undefined {
  for (let index = history.length - 1; index >= 0; index -= 1) {
    const turn = history[index];
    if (turn?.role === 'user') return turn.rewrittenQuery ?? turn.content;
  }
  return undefined;
}

/**
 * Without an LLM: the follow-up is read in the context of the previous question, so the query is the
 * previous standalone question followed by the follow-up ("What is LoRA? And what about the quantized
 * version?"). Retrieval then matches the topic of the conversation and what the follow-up adds.
 */
export function condenseWithHistory(followUp: string, history: readonly ConversationTurn[]): CondensedQuery {
  const previous = previousQuestion(history);
  if (previous === undefined) return { query: followUp, method: 'none' };
  return { query: `${previous} ${followUp}`.trim(), method: 'history' };
}

/**
 * With an LLM: the condense-question step, over the conversation as the history budget keeps it.
 * Falls back to `condenseWithHistory` when the model fails or answers with something that is not a
 * single question-sized line.
 */
export async function condenseWithModel(
  chatModel: ChatModel,
  followUp: string,
  history: readonly ConversationTurn[],
  signal?: AbortSignal,
): Promise<CondensedQuery> {
  const messages = history.map((turn) => ({ role: turn.role, content: turn.content }));
  try {
    const answer = await chatModel.complete(buildCondensePrompt(messages, followUp), {
      temperature: 0,
      maxTokens: 96,
      ...(signal ? { signal } : {}),
    });
    const query = answer.trim().split('\n')[0]?.replace(/^["“']|["”']$/gu, '').trim() ?? '';
    if (query.length >= 3 && query.length <= 400) return { query, method: 'llm' };
  } catch (error) {
    if (signal?.aborted) throw error;
  }
  return condenseWithHistory(followUp, history);
}
