import type { Reranker, RerankedCandidate, GlossaryEntry, HybridRetriever, LexicalIndex } from '../retrieval/index.js';
import { analyzeQuery, judgeScope } from '../retrieval/index.js';
import { throwIfAborted } from '../errors/index.js';
import type { CorpusRecord, Language } from '../ingest/index.js';
import { composeExtractiveAnswer, composeOutOfScopeAnswer, composeRefusal, type ChatMessage, type ChatModel } from '../generation/index.js';
import { detectLanguage } from '../text/index.js';
import type { AnswerPart, AnswerTimings, SourceSummary } from './answer-part.js';
import { condenseWithHistory, condenseWithModel, type CondensedQuery } from './condense-follow-up.js';
import type { ConversationTurn } from './conversation-turn.js';
import { detectExampleRequest } from './detect-example-request.js';
import { detectExplainRequest } from './detect-explain-request.js';
import { detectFollowUp } from './detect-follow-up.js';
import { detectPromptInjection } from './detect-prompt-injection.js';
import { splitIntoTokens } from './split-into-tokens.js';
import { streamModelAnswer } from './stream-model-answer.js';

/** The parts a tutor is composed of. */
export interface TutorParts {
  records: readonly CorpusRecord[];
  lexicalIndex: LexicalIndex;
  glossary: readonly GlossaryEntry[];
  retriever: HybridRetriever;
  reranker: Reranker;
  chatModel: ChatModel | undefined;
  /** Candidates handed to the reranker (the cross-encoder's cost grows with it). */
  rerankCandidates?: number;
}

/** One question to answer. */
export interface AskRequest {
  text: string;
  mode?: 'normal' | 'eli5';
  /** Earlier turns of the conversation, oldest first. */
  history?: readonly ConversationTurn[];
  signal?: AbortSignal;
}

const sourcesShown = 5;
const recordsInPrompt = 3;
const historyMessages = 6;
const historyCharacters = 6000;

/**
 * Answers one learner message: detect what is asked (language, eli5, follow-up, attack), rewrite a
 * follow-up into a standalone question, retrieve, rerank, decide whether the bank covers it, and
 * generate — with the LLM when one is configured, else extractively from the top record.
 */
export class Tutor {
  private readonly parts: TutorParts;
  private readonly recordsById: ReadonlyMap<number, CorpusRecord>;

  constructor(parts: TutorParts) {
    this.parts = parts;
    this.recordsById = new Map(parts.records.map((record) => [record.id, record]));
  }

  get records(): readonly CorpusRecord[] {
    return this.parts.records;
  }

  get generationMode(): 'openai' | 'extractive' {
    return this.parts.chatModel ? 'openai' : 'extractive';
  }

  /** A record by id, or undefined. */
  record(id: number): CorpusRecord | undefined {
    return this.recordsById.get(id);
  }

  /** The best records for a query after reranking (the search route). */
  async search(query: string, limit: number, signal?: AbortSignal): Promise<SourceSummary[]> {
    const { reranked } = await this.findSources(detectExplainRequest(query).query, detectLanguage(query), signal);
    return reranked.slice(0, limit).map((candidate) => this.summarize(candidate));
  }

  /** Streams the answer to one message: a sources part, token parts, and a done part. */
  async *ask(request: AskRequest): AsyncGenerator<AnswerPart> {
    const started = performance.now();
    const { signal } = request;
    const history = request.history ?? [];
    const language = detectLanguage(request.text);
    const explain = detectExplainRequest(request.text);
    const eli5 = request.mode === 'eli5' || explain.eli5;

    if (detectPromptInjection(request.text)) {
      yield { type: 'sources', rewrittenQuery: request.text, sources: [], outOfScope: true };
      const answer = composeRefusal(language);
      for (const piece of splitIntoTokens(answer)) yield { type: 'token', text: piece };
      const totalMs = performance.now() - started;
      yield { type: 'done', answer, citations: [], outOfScope: true, timings: { retrieveMs: 0, rerankMs: 0, generateMs: 0, totalMs }, generator: 'refusal', eli5 };
      return;
    }

    const condensed = await this.condense(explain.query, history, signal);
    const { reranked, terms, retrieveMs, rerankMs } = await this.findSources(condensed.query, language, signal);
    const top = reranked[0];
    const judgement = judgeScope(this.parts.lexicalIndex, {
      terms,
      topRecordId: top?.recordId,
      followUp: condensed.method !== 'none',
      crossEncoderProbability: top && this.parts.reranker.name === 'cross-encoder' ? top.rerankScore : undefined,
    });
    const outOfScope = judgement.outOfScope || !top;
    const sources = reranked.slice(0, sourcesShown).map((candidate) => this.summarize(candidate));
    yield { type: 'sources', rewrittenQuery: condensed.query, sources, outOfScope };

    const generateStarted = performance.now();
    const timings = (): AnswerTimings => ({ retrieveMs, rerankMs, generateMs: performance.now() - generateStarted, totalMs: performance.now() - started });
    let answer = '';
    const emit = (text: string): AnswerPart => {
      answer += text;
      return { type: 'token', text };
    };

    if (outOfScope) {
      const closest = reranked.slice(0, 3).map((candidate) => this.recordsById.get(candidate.recordId)).filter((record) => record !== undefined);
      for (const piece of splitIntoTokens(composeOutOfScopeAnswer(closest, language))) yield emit(piece);
      yield { type: 'done', answer, citations: [], outOfScope: true, timings: timings(), generator: 'out-of-scope', eli5 };
      return;
    }

    const style = eli5 ? 'eli5' : condensed.method !== 'none' && detectExampleRequest(explain.query) ? 'example' : 'full';
    const promptRecords = reranked.slice(0, recordsInPrompt).map((candidate) => this.recordsById.get(candidate.recordId)).filter((record) => record !== undefined);
    const topRecord = promptRecords[0] as CorpusRecord;
    throwIfAborted(signal);

    if (!this.parts.chatModel) {
      for (const piece of splitIntoTokens(composeExtractiveAnswer(topRecord, language, style))) yield emit(piece);
      yield { type: 'done', answer, citations: [topRecord.id], outOfScope: false, timings: timings(), generator: 'extractive', eli5 };
      return;
    }

    const stream = streamModelAnswer({
      chatModel: this.parts.chatModel,
      question: request.text,
      language,
      eli5,
      style,
      records: promptRecords,
      history: boundHistory(history),
      signal,
    });
    let step = await stream.next();
    while (!step.done) {
      yield emit(step.value);
      step = await stream.next();
    }
    const result = step.value;
    yield {
      type: 'done',
      answer,
      citations: result.citations,
      outOfScope: false,
      timings: timings(),
      generator: result.generator,
      eli5,
      ...(result.notice ? { notice: result.notice } : {}),
    };
  }

  private async condense(query: string, history: readonly ConversationTurn[], signal: AbortSignal | undefined): Promise<CondensedQuery> {
    const hasPrevious = history.some((turn) => turn.role === 'user');
    if (!hasPrevious || !detectFollowUp(query, analyzeQuery(query, this.parts.glossary))) return { query, method: 'none' };
    return this.parts.chatModel ? condenseWithModel(this.parts.chatModel, query, history, signal) : condenseWithHistory(query, history);
  }

  private async findSources(query: string, language: Language, signal: AbortSignal | undefined) {
    let started = performance.now();
    const terms = analyzeQuery(query, this.parts.glossary);
    const candidates = await this.parts.retriever.retrieve({ text: query, terms }, this.parts.rerankCandidates ?? 12, signal ? { signal } : {});
    const retrieveMs = performance.now() - started;
    started = performance.now();
    const rerankInput = candidates.flatMap((candidate) => {
      const record = this.recordsById.get(candidate.recordId);
      if (!record) return [];
      return [{
        recordId: record.id,
        question: record.question[language],
        passage: `${record.question[language]}\n${record.answer[language]}`,
        retrievalScore: candidate.lexicalScore > 0 && !this.parts.retriever.hasDense ? candidate.lexicalScore : candidate.fusedScore,
      }];
    });
    const reranked: RerankedCandidate[] = rerankInput.length === 0 ? [] : await this.parts.reranker.rerank(query, rerankInput, signal ? { signal } : {});
    return { reranked, terms, retrieveMs, rerankMs: performance.now() - started };
  }

  private summarize(candidate: RerankedCandidate): SourceSummary {
    const record = this.recordsById.get(candidate.recordId);
    return {
      id: candidate.recordId,
      score: Math.round(candidate.rerankScore * 1000) / 1000,
      question: { en: record?.question.en ?? '', zh: record?.question.zh ?? '' },
    };
  }
}

/** The last turns of the conversation within the prompt's history budget, oldest first. */
function boundHistory(history: readonly ConversationTurn[]): ChatMessage[] {
  const kept: ChatMessage[] = [];
  let characters = 0;
  for (const turn of history.slice(-historyMessages).reverse()) {
    characters += turn.content.length;
    if (characters > historyCharacters) break;
    kept.unshift({ role: turn.role, content: turn.content });
  }
  return kept;
}
