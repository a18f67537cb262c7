import { TutorError } from '../errors/index.js';
import type { AnswerPart, AnswerTimings, DonePart, Scope, SourceSummary } from './answer-part.js';
import type { ConversationTurn } from './conversation-turn.js';

/** A whole answer, collected from its streamed parts. */
export interface CollectedAnswer {
  answer: string;
  citations: number[];
  sources: SourceSummary[];
  rewrittenQuery: string;
  scope: Scope;
  outOfScope: boolean;
  eli5: boolean;
  timings: AnswerTimings;
  notice?: string;
  done: DonePart;
}

/**
 * Follows an answer as it streams, part by part, and turns it into the two turns of the conversation
 * it adds: the one way every caller (websocket, `POST /api/chat`, the CLI, eval, tests) records a turn.
 */
export class AnswerCollector {
  private sources: SourceSummary[] = [];
  private rewrittenQuery: string | undefined;
  private text = '';
  private finished: DonePart | undefined;

  /** Takes the next part of the answer. */
  push(part: AnswerPart): void {
    if (part.type === 'sources') {
      this.sources = part.sources;
      this.rewrittenQuery = part.rewrittenQuery;
    } else if (part.type === 'token') {
      this.text += part.text;
    } else {
      this.finished = part;
    }
  }

  /** The text streamed so far. */
  get partial(): string {
    return this.text;
  }

  /** The whole answer once its done part has come. */
  get result(): CollectedAnswer | undefined {
    const done = this.finished;
    if (!done) return undefined;
    return {
      answer: done.answer,
      citations: done.citations,
      sources: this.sources,
      rewrittenQuery: this.rewrittenQuery ?? '',
      scope: done.scope,
      outOfScope: done.outOfScope,
      eli5: done.eli5,
      timings: done.timings,
      ...(done.notice ? { notice: done.notice } : {}),
      done,
    };
  }

  /**
   * The learner's turn and the tutor's, to append to the conversation: the finished answer, or, for
   * an answer stopped on the way, what came of it marked as stopped. Nothing when nothing came.
   */
  turns(question: string): ConversationTurn[] {
    const asked: ConversationTurn = { role: 'user', content: question, ...(this.rewrittenQuery ? { rewrittenQuery: this.rewrittenQuery } : {}) };
    const result = this.result;
    if (result) {
      return [
        asked,
        {
          role: 'assistant',
          content: result.answer,
          citations: result.citations,
          sources: result.sources,
          scope: result.scope,
          eli5: result.eli5,
          ...(result.notice ? { notice: result.notice } : {}),
        },
      ];
    }
    if (this.text === '') return [];
    // No done part brings the citations of a stopped answer: those its text made so far, of the sources.
    const retrieved = new Set(this.sources.map((source) => source.id));
    const citations = [...new Set([...this.text.matchAll(/\[Q(\d{1,3})\]/gu)].map((match) => Number(match[1])))].filter((id) => retrieved.has(id));
    return [asked, { role: 'assistant', content: this.text, citations, sources: this.sources, stopped: true }];
  }
}

/** Collects a whole answer, passing each token to `onToken` as it comes. */
export async function collectAnswer(parts: AsyncIterable<AnswerPart>, onToken?: (text: string) => void): Promise<CollectedAnswer> {
  const collector = new AnswerCollector();
  for await (const part of parts) {
    collector.push(part);
    if (part.type === 'token') onToken?.(part.text);
  }
  const result = collector.result;
  if (!result) throw new TutorError('INTERNAL', 'the answer ended without a done part');
  return result;
}
