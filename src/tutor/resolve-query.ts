import type { ChatModel } from '../generation/index.js';
import type { AnalyzedQuery, RetrievalPipeline, RetrievalResult } from '../retrieval/index.js';
import { condenseWithHistory, condenseWithModel, previousQuestion } from './condense-follow-up.js';
import type { ConversationTurn } from './conversation-turn.js';
import { readFollowUp } from './detect-follow-up.js';
import { withinBudget, type HistoryBudget } from './history-budget.js';

/** What a message asks, once the conversation is taken into account. */
export type ResolvedQuery =
  | {
      kind: 'retrieved';
      retrieval: RetrievalResult;
      /** The standalone question retrieval ran on (the message itself when it is not a follow-up). */
      rewrittenQuery: string;
      /** How a follow-up was made standalone. */
      method: 'none' | 'history' | 'llm' | 'previous';
      /** The message read on its own (its words say what a follow-up asks of the topic). */
      own: AnalyzedQuery;
      /**
       * For a follow-up with a topic of its own: what that topic alone retrieves (for "how is that
       * different from temperature?", the temperature record, to compare with the previous one).
       */
      alone?: RetrievalResult;
    }
  | { kind: 'clarify'; rewrittenQuery: string; own: AnalyzedQuery };

/** What resolving needs. */
export interface ResolveQueryInput {
  pipeline: RetrievalPipeline;
  /** The learner's message without its "explain like I'm new" words. */
  text: string;
  history: readonly ConversationTurn[];
  /** How much of the conversation the LLM's condense step sees. */
  historyBudget: HistoryBudget;
  chatModel: ChatModel | undefined;
  signal: AbortSignal | undefined;
  /** How long the question waited for its turn (see RunOptions.waitedMs). */
  waitedMs?: number;
}

/**
 * Turns a message into the question to retrieve for. A standalone message is retrieved as it is. A
 * follow-up ("And which one needs less memory?", "能简单点吗") is read with the previous question
 * (condensed by the LLM when there is one; without one, unless it names, without referring back, a
 * concept the bank answers on its own: a change of topic). A rewrite can never make things worse: when it finds nothing in scope and the
 * previous question does, the previous question's topic is kept. A follow-up with nothing before it
 * ("Can you give me an example?" in a new chat) asks what it refers to.
 */
export async function resolveQuery(input: ResolveQueryInput): Promise<ResolvedQuery> {
  const { pipeline, text, history, historyBudget, chatModel, signal } = input;
  const own = pipeline.analyze(text);
  const options = { ...(signal ? { signal } : {}), ...(chatModel ? { lenient: true } : {}), ...(input.waitedMs === undefined ? {} : { waitedMs: input.waitedMs }) };
  const previous = previousQuestion(history);
  const { followUp, refersBack, hasTopic } = readFollowUp(text, own.whole.terms);

  if (!followUp || previous === undefined) {
    if (followUp && !hasTopic) return { kind: 'clarify', rewrittenQuery: text, own };
    return { kind: 'retrieved', retrieval: await pipeline.run(own, options), rewrittenQuery: text, method: 'none', own };
  }

  const alone = hasTopic ? await pipeline.run(own, options) : undefined;
  // Without an LLM to condense it: a follow-up that names a concept the bank answers by itself,
  // without referring back, changes the topic ("And what about beam search?").
  if (alone && !refersBack && !chatModel) {
    if (alone.primary.decision.scope === 'answer' && alone.primary.decision.evidence.namesConcept && alone.others.length === 0) {
      return { kind: 'retrieved', retrieval: alone, rewrittenQuery: text, method: 'none', own };
    }
  }

  const condensed = hasTopic
    ? chatModel
      ? await condenseWithModel(chatModel, text, withinBudget(history, historyBudget), signal)
      : condenseWithHistory(text, history)
    : { query: previous, method: 'history' as const };
  const analysis = pipeline.analyze(condensed.query);
  // The condensed question is one question, even when it reads as two sentences ("What is LoRA? And QLoRA?").
  const retrieval = await pipeline.run({ ...analysis, sentences: [] }, options);
  if (retrieval.primary.decision.scope === 'out-of-scope' && condensed.query !== previous) {
    const fallback = await pipeline.run(pipeline.analyze(previous), options);
    if (fallback.primary.decision.scope !== 'out-of-scope') {
      return { kind: 'retrieved', retrieval: fallback, rewrittenQuery: previous, method: 'previous', own, ...(alone ? { alone } : {}) };
    }
  }
  return { kind: 'retrieved', retrieval, rewrittenQuery: condensed.query, method: condensed.method === 'none' ? 'history' : condensed.method, own, ...(alone ? { alone } : {}) };
}
