import type { ModelDtype, TutorConfig } from '../config/index.js';
import type { Embedder } from '../embedding/index.js';
import type { ModelWorkerClient } from '../inference/index.js';
import { CircuitBreaker, CircuitBreakerChatModel, OpenAiChatModel, type ChatModel } from '../generation/index.js';
import { loadCorpus, type CorpusRecord, type KeyPoint, type LoadedCorpus } from '../ingest/index.js';
import type { BuildProgress } from '../index-store/index.js';
import { createRetrievalPipeline, LexicalIndex, LexicalReranker, RerankBudget, TutorRetriever, type Reranker, type RetrievalPipeline } from '../retrieval/index.js';
import type { HnswVectorIndex } from '../vector-index/index.js';
import { createAnswerGrader, LexicalGrader, LlmGrader, type AnswerGrader } from '../practice/index.js';
import { Tutor, WordsToKnow, type HistoryBudget } from '../tutor/index.js';
import type { Logger } from './logger.js';
import { loadModels, type LoadedModels } from './load-models.js';
import { openIndex, type OpenedIndex } from './open-index.js';

/** Everything a running tutor holds, and how to release it. */
export interface TutorRuntime {
  config: TutorConfig;
  tutor: Tutor;
  pipeline: RetrievalPipeline;
  /** Grades practice answers: with the LLM when one is configured, against the key points' vocabulary otherwise. */
  grader: AnswerGrader;
  /** The pipeline as a LangChain retriever, for LangChain.js chains (see the README). */
  retriever: TutorRetriever;
  /** The chunk vectors as a LangChain HNSWLib vector store (`.store`), when an embedding model is loaded. */
  vectorIndex: HnswVectorIndex | undefined;
  /** How much of a conversation is kept and shown to the LLM (`HISTORY_MESSAGES`, `HISTORY_CHARS`). */
  historyBudget: HistoryBudget;
  corpus: LoadedCorpus;
  index: OpenedIndex;
  embedder: Embedder | undefined;
  reranker: Reranker;
  /** Why models are missing, said once at start. */
  modelNotices: string[];
  /** How many questions the cross-encoder reranked, and how many were degraded to lexical reranking under load. */
  rerankBudget: RerankBudget;
  /** The neural models in use and their dtypes (null: the lexical stage stands in), for `/healthz` and the start line. */
  models: { embedder: LoadedModelInfo | null; reranker: LoadedModelInfo | null };
  /** The LLM's circuit breaker, when an LLM is configured (its state is reported by /healthz). */
  llmBreaker: CircuitBreaker | undefined;
  close(): Promise<void>;
}

/** A model the tutor loaded, as `/healthz` reports it. */
export interface LoadedModelInfo {
  model: string;
  dtype: ModelDtype;
}

/** Options for starting the tutor. */
export interface CreateRuntimeOptions {
  logger: Logger;
  /** A model worker shared by several runtimes of one process (see ModelWorkerClient). */
  modelClient?: ModelWorkerClient;
  forceRebuild?: boolean;
  /** False for ingest, which only embeds: the cross-encoder is not loaded and the lexical reranker stands in. */
  loadReranker?: boolean;
  onProgress?: (progress: BuildProgress) => void;
  signal?: AbortSignal;
}

/**
 * Starts everything once, before the first question: corpus, models (in a worker thread), index
 * (reused or rebuilt), retriever, reranker and LLM client. Nothing here runs per request.
 */
export async function createRuntime(config: TutorConfig, options: CreateRuntimeOptions): Promise<TutorRuntime> {
  const { logger, signal } = options;
  const corpus = await loadCorpus(config.corpus, signal);
  for (const gap of corpus.unfilledGaps) {
    logger.warn({ event: 'corpus.gap', ...gap }, `Q${gap.recordId} (${gap.language}) has an unrestored gap: ${gap.kind}`);
  }

  const models: LoadedModels = await loadModels(config, logger, {
    ...(signal ? { signal } : {}),
    ...(options.modelClient ? { client: options.modelClient } : {}),
    ...(options.loadReranker === false ? { loadReranker: false } : {}),
  });
  try {
    const index = await openIndex({
      directory: config.indexDirectory,
      corpus,
      embedder: models.embedder,
      embedDtype: config.embedDtype,
      logger,
      ...(options.forceRebuild ? { force: true } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(signal ? { signal } : {}),
    });
    const { records, chunks, lexical, vectors } = index.contents;
    const lexicalIndex = LexicalIndex.fromJSON(lexical);
    const dense = models.embedder && vectors ? { embedder: models.embedder, vectorIndex: vectors, chunks } : undefined;
    const reranker = models.reranker ?? new LexicalReranker(lexicalIndex);
    const rerankBudget = new RerankBudget(models.estimatedWaitMs, config.rerankWaitBudgetMs);
    const pipeline = createRetrievalPipeline({
      records,
      phrasings: corpus.phrasings,
      concepts: corpus.concepts,
      lexicalIndex,
      dense,
      reranker,
      modelCandidates: config.rerankCandidates,
      crossEncoderThresholds: config.rerankThresholds,
      rerankBudget,
    });
    const llmBreaker = config.llm
      ? new CircuitBreaker({ failureThreshold: config.limits.llmFailuresToOpen, coolDownMs: config.limits.llmRetryAfterMs })
      : undefined;
    const chatModel = config.llm && llmBreaker ? new CircuitBreakerChatModel(new OpenAiChatModel(config.llm), llmBreaker) : undefined;
    const historyBudget = { messages: config.limits.historyMessages, characters: config.limits.historyCharacters, entryCharacters: config.limits.historyEntryCharacters };
    const tutor = new Tutor({
      records,
      pipeline,
      chatModel,
      historyBudget,
      wordsToKnow: new WordsToKnow(records, corpus.concepts),
      ...(config.llm ? { maxAnswerTokens: config.llm.maxTokens } : {}),
    });
    return {
      config,
      tutor,
      pipeline,
      retriever: new TutorRetriever({ pipeline, records }),
      grader: createPracticeGrader(records, corpus, chatModel),
      vectorIndex: dense ? vectors : undefined,
      historyBudget,
      corpus,
      index,
      embedder: dense ? models.embedder : undefined,
      reranker,
      modelNotices: models.notices,
      rerankBudget,
      models: {
        embedder: dense ? { model: config.embedModel, dtype: config.embedDtype } : null,
        reranker: models.reranker ? { model: config.rerankModel, dtype: config.rerankDtype } : null,
      },
      llmBreaker,
      close: models.close,
    };
  } catch (error) {
    await models.close();
    throw error;
  }
}

/** The lexical grader, behind the LLM grader when an LLM is configured. */
function createPracticeGrader(records: readonly CorpusRecord[], corpus: LoadedCorpus, chatModel: ChatModel | undefined): AnswerGrader {
  const lexical = new LexicalGrader(records, corpus.keyPoints, corpus.concepts, { misconceptions: corpus.misconceptions });
  if (!chatModel) return createAnswerGrader(lexical);
  const pointsByRecord = new Map<number, KeyPoint[]>();
  for (const point of corpus.keyPoints) pointsByRecord.set(point.record, [...(pointsByRecord.get(point.record) ?? []), point]);
  return createAnswerGrader(lexical, new LlmGrader(chatModel, lexical, new Map(records.map((record) => [record.id, record])), pointsByRecord));
}
