import type { AnswerPart } from '../tutor/index.js';
import type { AskId, ServerMessage } from './protocol.js';

/**
 * The websocket message for one part of an answer to the ask `id`: `sources`, `token` or `done`
 * (CONTRACT.md; `notice` and `degraded` only when there are any).
 */
export function toAnswerMessage(id: AskId, part: AnswerPart): ServerMessage {
  switch (part.type) {
    case 'sources':
      return { type: 'sources', id, rewrittenQuery: part.rewrittenQuery, sources: part.sources };
    case 'token':
      return { type: 'token', id, text: part.text };
    case 'done':
      return {
        type: 'done',
        id,
        answer: part.answer,
        citations: part.citations,
        outOfScope: part.outOfScope,
        scope: part.scope,
        timings: part.timings,
        ...(part.notice ? { notice: part.notice } : {}),
        ...(part.degraded ? { degraded: part.degraded } : {}),
      };
  }
}
