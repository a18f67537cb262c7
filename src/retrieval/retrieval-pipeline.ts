import type { CallOptions } from '../errors/index.js';
import { throwIfAborted } from '../errors/index.js';
import type { CorpusRecord, Language } from '../ingest/index.js';
import type { HybridRetriever, RetrievalCandidate } from './hybrid-retriever.js';
import { judgeScope, type ScopeDecision } from './judge-scope.js';
import type { LexicalIndex } from './lexical-index.js';
import type { PhrasingIndex, PhrasingMatch } from './phrasing-index.js';
import type { AnalyzedQuery, QueryAnalyzer, QueryPart } from './query-analyzer.js';
import type { RerankedCandidate, Reranker } from './reranker.js';
import { collectScopeEvidence } from './collect-scope-evidence.js';
import { defaultScopeModel, type CrossEncoderThresholds, type ScopeModel } from './scope-model.js';
import { isConceptTerm, isLongFormTerm } from './concept-term.js';
import type { RerankBudget } from './rerank-budget.js';

/** The stages of the pipeline. */
export interface RetrievalPipelineParts {
  records: readonly CorpusRecord[];
  lexicalIndex: LexicalIndex;
  analyzer: QueryAnalyzer;
  retriever: HybridRetriever;
  reranker: Reranker;
  /** The learners' phrasings of each record, for the nearest-phrasing signal. */
  phrasingIndex?: PhrasingIndex;
  /** Candidates handed to the reranker (a cross-encoder's cost grows with it). */
  rerankCandidates?: number;
  /** The calibrated scope model (default: the one shipped in `scope-model.json`). */
  scopeModel?: ScopeModel;
  /** When the reranker returns probabilities (a cross-encoder): those that overrule the lexical evidence. */
  crossEncoderThresholds?: CrossEncoderThresholds;
  /**
   * The cheap reranker behind a model one (the lexical reranker behind a cross-encoder): it orders all
   * the candidates first, so that the model scores only the best `modelCandidates` of them, and it
   * reranks alone when the model is too busy (`rerankBudget`).
   */
  fallbackReranker?: Reranker;
  /** Candidates the model reranker scores, the best of the fallback's order (default: all). */
  modelCandidates?: number;
  rerankBudget?: RerankBudget;
}

/** How one question of a message was found: its candidates, best first, and the scope decision. */
export interface QuestionResult {
  part: QueryPart;
  candidates: RerankedCandidate[];
  decision: ScopeDecision;
}

/** Milliseconds spent in each stage. */
export interface RetrievalTimings {
  retrieveMs: number;
  rerankMs: number;
  scopeMs: number;
}

/** What the pipeline found for one message. */
export interface RetrievalResult {
  query: AnalyzedQuery;
  /** The question to answer: the whole message, or the sentence of it that asks what the bank covers. */
  primary: QuestionResult;
  /** Further questions of the same message that other records answer ("What is LoRA? And beam search?"). */
  others: QuestionResult[];
  timings: RetrievalTimings;
  /** True when the model was too busy and a question was reranked lexically instead. */
  degraded: boolean;
}

/** How a run is asked for. */
export interface RunOptions extends CallOptions {
  /** An LLM will judge the records too: refuse only what is clearly foreign (see judgeScope). */
  lenient?: boolean;
  /**
   * How long the question waited for its turn before the tutor began on it (in its address's lane):
   * it counts against the rerank wait budget, with the model work queued ahead of it.
   */
  waitedMs?: number;
}

const defaultCandidates = 12;
/** Sentences of one message looked at separately, at most: a long message is not a reading list. */
const maximumSentences = 4;
/** Records whose phrasings match best that join the candidates. */
const nearestPhrasingCandidates = 3;
/** Questions of one message answered together, at most. */
const maximumQuestions = 3;
const questionShape = /[?？]|^\s*(?:what|how|why|when|which|who|where|is|are|does|do|can|could|should|explain|define|describe|compare|tell me)\b|吗|什么|如何|怎么|为什么|为何|哪|是否|区别|解释/iu;

/**
 * The tutor's one retrieval pipeline: analyse the message once, retrieve (lexical, and dense when a
 * model is loaded), rerank, and decide whether the bank covers it — for the whole message and, when
 * it has several sentences, for each, so that a question buried in context or two questions in one
 * message are found. Returns the candidates, the decision with its evidence and the timings.
 */
export class RetrievalPipeline {
  private readonly parts: RetrievalPipelineParts;
  private readonly recordsById: ReadonlyMap<number, CorpusRecord>;

  constructor(parts: RetrievalPipelineParts) {
    this.parts = parts;
    this.recordsById = new Map(parts.records.map((record) => [record.id, record]));
  }

  /** Reads a message once (see QueryAnalyzer). */
  analyze(text: string): AnalyzedQuery {
    return this.parts.analyzer.analyze(text);
  }

  async run(query: AnalyzedQuery, options: RunOptions = {}): Promise<RetrievalResult> {
    const timings: RetrievalTimings = { retrieveMs: 0, rerankMs: 0, scopeMs: 0 };
    const state: RunState = { degraded: false, reranker: undefined };
    const whole = await this.find(query.whole, query.language, options, timings, state);
    if (query.sentences.length === 0) return { query, primary: whole, others: [], timings, degraded: state.degraded };

    // A sentence stands for a question of its own when it is shaped like one and names something
    // ("Could you walk me through that?" does not); in a long message the last ones count.
    const asked: QuestionResult[] = [];
    for (const part of query.sentences.filter((sentence) => questionShape.test(sentence.text) && namesSomething(sentence)).slice(-maximumSentences)) {
      asked.push(await this.find(part, query.language, options, timings, state));
    }
    const answered = asked.filter((result) => result.decision.scope !== 'out-of-scope');
    const distinct = answered.filter((result, index) => answered.findIndex((other) => topOf(other) === topOf(result)) === index);
    // Two questions in one message, each answered by its own record: answer both.
    if (distinct.length >= 2) return { query, primary: distinct[0] as QuestionResult, others: distinct.slice(1, maximumQuestions), timings, degraded: state.degraded };
    // A question among sentences of context: the part the bank is surest of, the whole message on a tie.
    const best = [whole, ...asked].reduce((chosen, result) => (result.decision.probability > chosen.decision.probability ? result : chosen));
    return { query, primary: best, others: [], timings, degraded: state.degraded };
  }

  private async find(part: QueryPart, language: Language, options: RunOptions, timings: RetrievalTimings, state: RunState): Promise<QuestionResult> {
    const signal = options.signal;
    let started = performance.now();
    const limit = this.parts.rerankCandidates ?? defaultCandidates;
    const retrieved = await this.parts.retriever.retrieve({ text: part.text, terms: part.terms }, limit, signal ? { signal } : {});
    const nearest = this.parts.phrasingIndex?.nearest(part.terms) ?? new Map<number, PhrasingMatch>();
    // A record a learner's phrasing matches closely is a candidate even when retrieval ranks it low:
    // it joins with half the lowest retrieval score, and its phrasing makes its case in the rerank.
    const dense = this.parts.retriever.hasDense;
    const scoreOf = (candidate: RetrievalCandidate) => (dense ? candidate.fusedScore : candidate.lexicalScore);
    const lowest = Math.min(...retrieved.map(scoreOf).filter((score) => score > 0));
    const joining = Number.isFinite(lowest) ? lowest / 2 : 1;
    for (const [recordId] of [...nearest].sort((left, right) => right[1].similarity - left[1].similarity).slice(0, nearestPhrasingCandidates)) {
      if (!retrieved.some((candidate) => candidate.recordId === recordId)) {
        retrieved.push({ recordId, fusedScore: joining, lexicalScore: joining, denseSimilarity: undefined });
      }
    }
    timings.retrieveMs += performance.now() - started;

    started = performance.now();
    throwIfAborted(signal);
    const offered = retrieved.flatMap((candidate) => {
      const record = this.recordsById.get(candidate.recordId);
      if (!record) return [];
      // One scale for every candidate: fused ranks when dense search ran, BM25F scores otherwise.
      const retrievalScore = scoreOf(candidate);
      return [{
        recordId: record.id,
        question: record.question[language],
        passage: `${record.question[language]}\n${record.answer[language]}`,
        retrievalScore,
        phrasingSimilarity: nearest.get(record.id)?.similarity ?? 0,
      }];
    });
    const { fallbackReranker, rerankBudget, modelCandidates } = this.parts;
    // Decided per question, just before it would queue for the model.
    // Decided once per message, at its first rerank: every question of it is ranked alike.
    if (offered.length > 0 && state.reranker === undefined) {
      state.reranker = fallbackReranker && rerankBudget && !rerankBudget.admit(options.waitedMs ?? 0) ? fallbackReranker : this.parts.reranker;
      if (state.reranker !== this.parts.reranker) state.degraded = true;
    }
    const reranker = state.reranker ?? this.parts.reranker;
    const rerankQuery = { text: part.text, terms: part.terms };
    const callOptions = signal ? { signal } : {};
    let candidates: RerankedCandidate[] = [];
    if (offered.length > 0 && fallbackReranker && reranker !== fallbackReranker && modelCandidates !== undefined && offered.length > modelCandidates) {
      // A cascade: the fallback orders everything, the model re-scores the head; the tail keeps the fallback's order below it.
      const ordered = await fallbackReranker.rerank(rerankQuery, offered, callOptions);
      const head = await reranker.rerank(rerankQuery, ordered.slice(0, modelCandidates), callOptions);
      candidates = [...head, ...ordered.slice(modelCandidates).map((candidate) => ({ ...candidate, rerankScore: 0 }))];
    } else if (offered.length > 0) {
      candidates = await reranker.rerank(rerankQuery, offered, callOptions);
    }
    timings.rerankMs += performance.now() - started;

    started = performance.now();
    const top = candidates[0];
    const model = this.parts.scopeModel ?? defaultScopeModel;
    const evidence = collectScopeEvidence(this.parts.lexicalIndex, part, top?.recordId, model.everyday);
    if (top && reranker.scoreKind === 'probability') evidence.probability = top.rerankScore;
    const match = top ? nearest.get(top.recordId) : undefined;
    evidence.phrasingSimilarity = match?.similarity ?? 0;
    evidence.phrasingContainment = match?.containment ?? 0;
    const decision = judgeScope(evidence, {
      model,
      ...(options.lenient ? { lenient: true } : {}),
      ...(this.parts.crossEncoderThresholds && reranker.scoreKind === 'probability' ? { crossEncoder: this.parts.crossEncoderThresholds } : {}),
    });
    timings.scopeMs += performance.now() - started;
    return { part, candidates, decision };
  }
}

/** What one run decides once for all the questions of a message. */
interface RunState {
  degraded: boolean;
  /** The reranker of this message: the model, or the fallback when the model was too busy. */
  reranker: Reranker | undefined;
}

/** True when a part names a concept of the lexicon or has two words of its own that carry a topic. */
function namesSomething(part: QueryPart): boolean {
  if (part.terms.some(({ term }) => isConceptTerm(term))) return true;
  return new Set(part.terms.filter(({ term, weight, part: compoundPart }) => weight >= 1 && !compoundPart && !isLongFormTerm(term)).map(({ group }) => group)).size >= 2;
}

function topOf(result: QuestionResult): number | undefined {
  return result.candidates[0]?.recordId;
}
