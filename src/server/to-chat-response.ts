import { collectAnswer, type AnswerPart, type AnswerTimings, type Scope, type SourceSummary } from '../tutor/index.js';

/** The body of a `POST /api/chat` answer (and of `npm run ask -- --json`). */
export interface ChatResponse {
  answer: string;
  citations: number[];
  sources: SourceSummary[];
  outOfScope: boolean;
  scope: Scope;
  rewrittenQuery: string;
  timings: AnswerTimings;
  notice?: string;
  /** Beyond CONTRACT.md, as in the websocket's `done`: stages that ran degraded under load. */
  degraded?: 'rerank'[];
}

/** Collects a streamed answer into one response object, passing each token to `onToken` as it comes. */
export async function toChatResponse(parts: AsyncIterable<AnswerPart>, onToken?: (text: string) => void): Promise<ChatResponse> {
  const collected = await collectAnswer(parts, onToken);
  return {
    answer: collected.answer,
    citations: collected.citations,
    sources: collected.sources,
    outOfScope: collected.outOfScope,
    scope: collected.scope,
    rewrittenQuery: collected.rewrittenQuery,
    timings: collected.timings,
    ...(collected.notice ? { notice: collected.notice } : {}),
    ...(collected.done.degraded ? { degraded: collected.done.degraded } : {}),
  };
}
