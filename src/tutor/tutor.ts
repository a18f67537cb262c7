import { throwIfAborted } from '../errors/index.js';
import type { CorpusRecord, Language } from '../ingest/index.js';
import { composeClarification, composeOutOfScopeAnswer, composeRefusal, type ChatModel, type PromptIntent } from '../generation/index.js';
import type { QuestionResult, RerankedCandidate, RetrievalPipeline, Scope } from '../retrieval/index.js';
import { detectLanguage, toSimplified, toTraditional } from '../text/index.js';
import type { AnswerPart, AnswerTimings, DonePart, SourceSummary } from './answer-part.js';
import type { ConversationTurn } from './conversation-turn.js';
import { composeFromBank } from './compose-from-bank.js';
import { detectComparison } from './detect-comparison.js';
import { detectExampleRequest } from './detect-example-request.js';
import { detectExplainRequest } from './detect-explain-request.js';
import { detectPromptInjection } from './detect-prompt-injection.js';
import { withinBudget, type HistoryBudget } from './history-budget.js';
import { planAnswer, type AnswerPlan } from './plan-answer.js';
import { resolveQuery } from './resolve-query.js';
import { splitIntoTokens } from './split-into-tokens.js';
import { streamModelAnswer } from './stream-model-answer.js';
import { oneLineDefinition, type WordsToKnow } from './words-to-know.js';

/** The parts a tutor is composed of. */
export interface TutorParts {
  records: readonly CorpusRecord[];
  pipeline: RetrievalPipeline;
  chatModel: ChatModel | undefined;
  /** How much of the conversation the LLM sees (the session keeps the same). */
  historyBudget: HistoryBudget;
  /** Longest LLM answer, in tokens (`LLM_MAX_TOKENS`). */
  maxAnswerTokens?: number;
  /** Links the jargon of eli5 answers to the records that define it. */
  wordsToKnow?: WordsToKnow;
}

/** One question to answer. */
export interface AskRequest {
  text: string;
  mode?: 'normal' | 'eli5';
  /** Earlier turns of the conversation, oldest first. */
  history?: readonly ConversationTurn[];
  signal?: AbortSignal;
  /**
   * When the question arrived (`performance.now()`): the time until the tutor begins on it (its turn
   * in its address's lane) counts against the rerank wait budget. An LLM's rewrite does not.
   */
  receivedAt?: number;
}

const sourcesShown = 5;
const recordsInPrompt = 3;
const defaultAnswerTokens = 700;
const noTimings = { retrieveMs: 0, rerankMs: 0 };

/**
 * Answers one learner message: detect what is asked (language, eli5, follow-up, attack), resolve a
 * follow-up into a standalone question, run the retrieval pipeline (retrieve, rerank, scope), and
 * generate — with the LLM when one is configured, else extractively from the records.
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
    const { pipeline } = this.parts;
    const result = await pipeline.run(pipeline.analyze(detectExplainRequest(query).query), signal ? { signal } : {});
    return result.primary.candidates.slice(0, limit).map((candidate) => this.summarize(candidate));
  }

  /** Streams the answer to one message: a sources part, token parts, and a done part. */
  async *ask(request: AskRequest): AsyncGenerator<AnswerPart> {
    const started = performance.now();
    const { signal } = request;
    const language = detectLanguage(request.text);
    // Every detector reads Simplified Chinese; a learner who wrote Traditional is answered in it.
    const { text, traditional } = toSimplified(request.text);
    const explain = detectExplainRequest(text);
    const eli5 = request.mode === 'eli5' || explain.eli5;
    let answer = '';
    const emitAll = function* (text: string): Generator<AnswerPart> {
      for (const piece of splitIntoTokens(traditional ? toTraditional(text) : text)) {
        answer += piece;
        yield { type: 'token', text: piece };
      }
    };
    let degraded: DonePart['degraded'];
    const finish = (fields: Omit<DonePart, 'type' | 'answer' | 'outOfScope' | 'eli5' | 'timings'>, timings: Omit<AnswerTimings, 'totalMs'>): DonePart => ({
      type: 'done',
      answer,
      outOfScope: fields.scope === 'out-of-scope',
      eli5,
      timings: { ...timings, totalMs: performance.now() - started },
      ...fields,
      ...(degraded ? { degraded } : {}),
    });

    if (detectPromptInjection(text)) {
      yield { type: 'sources', rewrittenQuery: request.text, sources: [], outOfScope: true, scope: 'out-of-scope' };
      yield* emitAll(composeRefusal(language));
      yield finish({ citations: [], scope: 'out-of-scope', generator: 'refusal' }, { ...noTimings, generateMs: 0 });
      return;
    }

    const resolved = await resolveQuery({
      pipeline: this.parts.pipeline,
      text: explain.query,
      history: request.history ?? [],
      historyBudget: this.parts.historyBudget,
      chatModel: this.parts.chatModel,
      signal,
      ...(request.receivedAt === undefined ? {} : { waitedMs: Math.max(0, started - request.receivedAt) }),
    });
    // Shown as "searched as": in the learner's own script, and as typed when nothing was rewritten.
    const rewrittenQuery = resolved.rewrittenQuery === text ? request.text : traditional ? toTraditional(resolved.rewrittenQuery) : resolved.rewrittenQuery;
    if (resolved.kind === 'clarify') {
      yield { type: 'sources', rewrittenQuery, sources: [], outOfScope: true, scope: 'out-of-scope' };
      yield* emitAll(composeClarification(language));
      yield finish({ citations: [], scope: 'out-of-scope', generator: 'clarification' }, { ...noTimings, generateMs: 0 });
      return;
    }

    const { primary, timings: retrievalTimings } = resolved.retrieval;
    if (resolved.retrieval.degraded) degraded = ['rerank'];
    const decision = primary.decision;
    const scope: Scope = primary.decision.scope;
    const sources = primary.candidates.slice(0, sourcesShown).map((candidate) => this.summarize(candidate));
    yield { type: 'sources', rewrittenQuery, sources, outOfScope: scope === 'out-of-scope', scope };
    const stageTimings = { retrieveMs: retrievalTimings.retrieveMs, rerankMs: retrievalTimings.rerankMs };
    const generateStarted = performance.now();
    const generateMs = () => performance.now() - generateStarted;

    if (scope === 'out-of-scope') {
      yield* emitAll(composeOutOfScopeAnswer(this.recordsOf(primary.candidates.slice(0, 3)), language));
      yield finish({ citations: [], scope, generator: 'out-of-scope', decision }, { ...stageTimings, generateMs: generateMs() });
      return;
    }

    const plan = planAnswer({
      resolved,
      eli5,
      asksExample: detectExampleRequest(explain.query),
      compares: detectComparison(explain.query),
    });
    const fromBank = () => composeFromBank(plan, this.recordsById, language, this.parts.wordsToKnow);
    throwIfAborted(signal);

    if (!this.parts.chatModel) {
      const bank = fromBank();
      yield* emitAll(bank.text);
      yield finish({ citations: bank.citations, scope, generator: 'extractive', decision }, { ...stageTimings, generateMs: generateMs() });
      return;
    }

    const promptRecords = this.promptRecords(plan, primary);
    const stream = streamModelAnswer({
      chatModel: this.parts.chatModel,
      question: request.text,
      language,
      traditional,
      eli5,
      intent: this.promptIntent(plan, language),
      records: promptRecords,
      history: withinBudget(request.history ?? [], this.parts.historyBudget).map((turn) => ({ role: turn.role, content: turn.content })),
      maxTokens: this.parts.maxAnswerTokens ?? defaultAnswerTokens,
      fallback: fromBank,
      signal,
    });
    // The model is asked to write Traditional itself: converting its stream piece by piece would
    // pick characters without their neighbours (头 + 发 → 頭發, not 頭髮).
    let step = await stream.next();
    while (!step.done) {
      answer += step.value;
      yield { type: 'token', text: step.value };
      step = await stream.next();
    }
    const result = step.value;
    if (result.notCovered) {
      yield* emitAll(composeOutOfScopeAnswer(promptRecords, language));
      yield finish({ citations: [], scope: 'out-of-scope', generator: 'out-of-scope', decision }, { ...stageTimings, generateMs: generateMs() });
      return;
    }
    yield finish(
      { citations: result.citations, scope, generator: result.generator, decision, ...(result.notice ? { notice: result.notice } : {}) },
      { ...stageTimings, generateMs: generateMs() },
    );
  }

  /** The records the LLM is given: the planned ones, then the next best of the main question. */
  private promptRecords(plan: AnswerPlan, primary: QuestionResult): CorpusRecord[] {
    const ids = [...plan.records.map((record) => record.recordId), ...primary.candidates.slice(0, recordsInPrompt).map((candidate) => candidate.recordId)];
    const unique = ids.filter((id, index) => ids.indexOf(id) === index).slice(0, Math.max(recordsInPrompt, plan.records.length));
    return unique.map((id) => this.recordsById.get(id)).filter((record): record is CorpusRecord => record !== undefined);
  }

  /** The plan as the model is told it: the intent, with the records to compare or the words to know. */
  private promptIntent(plan: AnswerPlan, language: Language): PromptIntent {
    const [first, second] = plan.records;
    if (plan.intent === 'compare' && first && second) return { kind: 'compare', recordIds: [first.recordId, second.recordId] };
    if (plan.intent === 'eli5') {
      const record = first ? this.recordsById.get(first.recordId) : undefined;
      const core = record ? oneLineDefinition(record, language) : '';
      return { kind: 'eli5', wordsToKnow: record && this.parts.wordsToKnow ? this.parts.wordsToKnow.of(core, record.id, language) : [] };
    }
    return { kind: plan.intent === 'compare' ? 'follow-up' : plan.intent };
  }

  private recordsOf(candidates: readonly RerankedCandidate[]): CorpusRecord[] {
    return candidates.map((candidate) => this.recordsById.get(candidate.recordId)).filter((record) => record !== undefined);
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
