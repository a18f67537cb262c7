import { AsyncLocalStorage } from 'node:async_hooks';
import type { CallbackManagerForRetrieverRun } from '@langchain/core/callbacks/manager';
import { Document } from '@langchain/core/documents';
import { BaseRetriever, type BaseRetrieverInput } from '@langchain/core/retrievers';
import { ensureConfig, type RunnableConfig } from '@langchain/core/runnables';
import type { CorpusRecord, Language } from '../ingest/index.js';
import type { Scope } from './judge-scope.js';
import type { QuestionResult, RetrievalPipeline } from './retrieval-pipeline.js';

/** What each document the tutor's retriever returns says about itself. */
export interface TutorDocumentMetadata {
  /** The bank's record id: cite it as `[Q<recordId>]`. */
  recordId: number;
  /** `[Q<recordId>]`, as the tutor writes citations. */
  citation: string;
  /** The language of `pageContent`: the language the query was asked in. */
  language: Language;
  /**
   * `answer` (the record answers the question), `closest` (the nearest record, not an exact answer),
   * or `related` (a runner-up: ranked below the record that answers).
   */
  scope: Exclude<Scope, 'out-of-scope'> | 'related';
  /** The reranker's score, best first within one question. */
  score: number;
  /** The record's question in both languages. */
  question: { en: string; zh: string };
}

/** Options of the tutor's retriever. */
export interface TutorRetrieverInput extends BaseRetrieverInput {
  pipeline: RetrievalPipeline;
  records: readonly CorpusRecord[];
  /** Documents returned for the question at most (default 4, as LangChain's vector-store retrievers). */
  k?: number;
}

/**
 * The tutor's retrieval pipeline (analyse, retrieve, rerank, judge scope) as a LangChain retriever:
 * `invoke(question)` gives the bank's records that answer it as `Document`s, the record's question
 * and model answer in the question's language, with the record id, citation, language and scope in
 * the metadata. A question the bank does not cover gives no documents, so a chain built on it never
 * grounds an answer in an unrelated record. The config's `signal` stops the work (LangChain's
 * `BaseRetriever` does not hand it on, so it is carried across here).
 */
export class TutorRetriever extends BaseRetriever<TutorDocumentMetadata> {
  lc_namespace = ['llm-interview-tutor', 'retrievers'];
  private readonly pipeline: RetrievalPipeline;
  private readonly recordsById: ReadonlyMap<number, CorpusRecord>;
  private readonly k: number;
  private readonly signals = new AsyncLocalStorage<AbortSignal | undefined>();

  constructor(input: TutorRetrieverInput) {
    super(input);
    this.pipeline = input.pipeline;
    this.recordsById = new Map(input.records.map((record) => [record.id, record]));
    this.k = input.k ?? 4;
  }

  override invoke(input: string, options?: RunnableConfig): Promise<Document<TutorDocumentMetadata>[]> {
    // ensureConfig turns a `timeout` into a signal too.
    const config = ensureConfig(options);
    return this.signals.run(config.signal, () => super.invoke(input, config));
  }

  override async _getRelevantDocuments(query: string, _runManager?: CallbackManagerForRetrieverRun): Promise<Document<TutorDocumentMetadata>[]> {
    const signal = this.signals.getStore();
    const analyzed = this.pipeline.analyze(query);
    const result = await this.pipeline.run(analyzed, signal ? { signal } : {});
    const language = analyzed.language;
    // The main question's records first, then the top record of each further question in the message.
    const documents = [
      ...this.documentsOf(result.primary, this.k, language),
      ...result.others.flatMap((other) => this.documentsOf(other, 1, language)),
    ];
    const seen = new Set<number>();
    return documents.filter((document) => !seen.has(document.metadata.recordId) && seen.add(document.metadata.recordId)).slice(0, this.k);
  }

  private documentsOf(question: QuestionResult, limit: number, language: Language): Document<TutorDocumentMetadata>[] {
    const scope = question.decision.scope;
    if (scope === 'out-of-scope') return [];
    // Under `closest` only the nearest record stands for the question; the runners-up answer it even less.
    const candidates = question.candidates.slice(0, scope === 'closest' ? 1 : limit);
    return candidates.flatMap((candidate, rank) => {
      const record = this.recordsById.get(candidate.recordId);
      if (!record) return [];
      return [
        new Document<TutorDocumentMetadata>({
          pageContent: `${record.question[language]}\n\n${record.answer[language]}`,
          metadata: {
            recordId: record.id,
            citation: `[Q${record.id}]`,
            language,
            scope: rank === 0 ? scope : 'related',
            score: candidate.rerankScore,
            question: record.question,
          },
        }),
      ];
    });
  }
}
