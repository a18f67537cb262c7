import { LlmUnavailableError } from '../errors/index.js';
import type { CorpusRecord, Language } from '../ingest/index.js';
import {
  buildAnswerPrompt,
  CitationFilter,
  MarkerFilter,
  composeLlmUnavailableNotice,
  composeUnfinishedNotice,
  NOT_IN_BANK_MARKER,
  type ChatMessage,
  type ChatModel,
  type FinishReason,
  type PromptIntent,
} from '../generation/index.js';
import type { BankAnswer } from './compose-from-bank.js';
import { toTraditional } from '../text/index.js';
import { splitIntoTokens } from './split-into-tokens.js';

/** What the LLM step needs. */
export interface ModelAnswerInput {
  chatModel: ChatModel;
  question: string;
  language: Language;
  /** The learner wrote Traditional Chinese. */
  traditional?: boolean;
  eli5: boolean;
  /** What the answer is to do, said to the model explicitly. */
  intent: PromptIntent;
  records: readonly CorpusRecord[];
  history: readonly ChatMessage[];
  /** Longest answer, in tokens (`LLM_MAX_TOKENS`). */
  maxTokens: number;
  /** The answer from the bank, for when the model fails. */
  fallback: () => BankAnswer;
  signal: AbortSignal | undefined;
}

/** How the LLM step ended. */
export interface ModelAnswerResult {
  citations: number[];
  notice: string | undefined;
  generator: 'llm' | 'extractive';
  /** The model said, with the structured marker, that none of the records answers the question. */
  notCovered: boolean;
  /** Why the model stopped (`length`: cut at LLM_MAX_TOKENS); undefined when the bank answered instead. */
  finishReason?: FinishReason;
}

/**
 * Streams the LLM's answer as text pieces, without citations of records it was not given, and makes
 * sure at least one record is cited. An answer that starts with the not-in-bank marker is not shown:
 * the result says `notCovered`. When the LLM fails (refused connection, error status, timeout,
 * stalled or broken stream) the learner still gets the extractive answer, with a notice.
 */
export async function* streamModelAnswer(input: ModelAnswerInput): AsyncGenerator<string, ModelAnswerResult> {
  const [topRecord] = input.records;
  if (!topRecord) throw new RangeError('streamModelAnswer needs at least one record');
  const filter = new CitationFilter(input.records.map((record) => record.id));
  const markers = new MarkerFilter(NOT_IN_BANK_MARKER);
  const messages = buildAnswerPrompt({
    question: input.question,
    language: input.language,
    ...(input.traditional ? { traditional: true } : {}),
    eli5: input.eli5,
    intent: input.intent,
    records: input.records,
    history: input.history,
  });
  let emitted = false;
  // The start of the answer is held until it is clearly the marker or clearly not.
  let head: string | undefined = '';
  let finishReason: FinishReason = 'unknown';
  try {
    for await (const part of input.chatModel.stream(messages, { temperature: 0.2, maxTokens: input.maxTokens, ...(input.signal ? { signal: input.signal } : {}) })) {
      if (part.type === 'finish') {
        finishReason = part.reason;
        continue;
      }
      const delta = part.text;
      let text = delta;
      if (head !== undefined) {
        head += delta;
        const trimmed = head.trimStart();
        if (trimmed.startsWith(NOT_IN_BANK_MARKER)) return { citations: [], notice: undefined, generator: 'llm', notCovered: true, finishReason: 'stop' };
        if (NOT_IN_BANK_MARKER.startsWith(trimmed)) continue;
        text = head;
        head = undefined;
      }
      const visible = filter.push(markers.push(text));
      if (visible !== '') {
        emitted = true;
        yield visible;
      }
    }
    if (head !== undefined && head.trim() !== '') {
      const visible = filter.push(markers.push(head));
      if (visible !== '') yield visible;
    }
    const rest = filter.push(markers.flush()) + filter.flush();
    if (rest !== '') yield rest;
    const unfinished = finishReason === 'length' || finishReason === 'content-filter' ? composeUnfinishedNotice(input.language, finishReason) : undefined;
    const notice = unfinished && input.traditional ? toTraditional(unfinished) : unfinished;
    if (notice) yield `\n\n${notice}`;
    if (filter.citations.length === 0) {
      yield `\n\n[Q${topRecord.id}]`;
      return { citations: [topRecord.id], notice, generator: 'llm', notCovered: false, finishReason };
    }
    return { citations: [...filter.citations], notice, generator: 'llm', notCovered: false, finishReason };
  } catch (error) {
    if (!(error instanceof LlmUnavailableError)) throw error;
    const notice = composeLlmUnavailableNotice(input.language);
    const fallback = input.fallback();
    const text = emitted ? `\n\n---\n\n${fallback.text}\n\n${notice}` : `${fallback.text}\n\n${notice}`;
    for (const piece of splitIntoTokens(input.traditional ? toTraditional(text) : text)) yield piece;
    const citations = [...filter.citations];
    for (const id of fallback.citations) if (!citations.includes(id)) citations.push(id);
    return { citations, notice: input.traditional ? toTraditional(notice) : notice, generator: 'extractive', notCovered: false };
  }
}
