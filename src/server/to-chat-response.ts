import { TutorError } from '../errors/index.js';
import type { AnswerPart, AnswerTimings, Scope, SourceSummary } from '../tutor/index.js';

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
}

/** Collects a streamed answer into one response object, passing each token to `onToken` as it comes. */
export async function toChatResponse(parts: AsyncIterable<AnswerPart>, onToken?: (text: string) => void): Promise<ChatResponse> {
  let sources: SourceSummary[] = [];
  let rewrittenQuery = '';
  for await (const part of parts) {
    if (part.type === 'sources') {
      sources = part.sources;
      rewrittenQuery = part.rewrittenQuery;
    } else if (part.type === 'token') {
      onToken?.(part.text);
    } else {
      return {
        answer: part.answer,
        citations: part.citations,
        sources,
        outOfScope: part.outOfScope,
        scope: part.scope,
        rewrittenQuery,
        timings: part.timings,
        ...(part.notice ? { notice: part.notice } : {}),
      };
    }
  }
  throw new TutorError('INTERNAL', 'the answer ended without a done part');
}
