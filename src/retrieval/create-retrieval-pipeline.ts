import type { Concept, CorpusRecord, Phrasing } from '../ingest/index.js';
import { createPhrasingIndex, createQueryAnalyzer } from './create-query-analyzer.js';
import { HybridRetriever, type DenseSearch } from './hybrid-retriever.js';
import type { LexicalIndex } from './lexical-index.js';
import { LexicalReranker } from './lexical-reranker.js';
import type { RerankBudget } from './rerank-budget.js';
import type { Reranker } from './reranker.js';
import { RetrievalPipeline } from './retrieval-pipeline.js';
import type { CrossEncoderThresholds, ScopeModel } from './scope-model.js';

/** What the pipeline is built from: the bank, its lexical index, and the optional neural stages. */
export interface RetrievalPipelineSource {
  records: readonly CorpusRecord[];
  phrasings: readonly Phrasing[];
  concepts: readonly Concept[];
  lexicalIndex: LexicalIndex;
  /** Dense search, when an embedding model is loaded. */
  dense?: DenseSearch | undefined;
  /** A cross-encoder, when one is loaded; the lexical reranker otherwise. */
  reranker?: Reranker | undefined;
  rerankCandidates?: number;
  scopeModel?: ScopeModel;
  /** The cross-encoder's accept and reject probabilities, when it returns probabilities. */
  crossEncoderThresholds?: CrossEncoderThresholds;
  /** When the cross-encoder is too busy for a question, the lexical reranker stands in (see RerankBudget). */
  rerankBudget?: RerankBudget;
  /** Candidates the cross-encoder scores: the best of the lexical reranker's order (`RERANK_CANDIDATES`). */
  modelCandidates?: number;
}

/** Composes the retrieval pipeline of a bank once, at start-up: analyzer, phrasing index, retriever, reranker. */
export function createRetrievalPipeline(source: RetrievalPipelineSource): RetrievalPipeline {
  const analyzer = createQueryAnalyzer(source);
  const lexicalReranker = new LexicalReranker(source.lexicalIndex);
  const reranker = source.reranker ?? lexicalReranker;
  return new RetrievalPipeline({
    records: source.records,
    lexicalIndex: source.lexicalIndex,
    analyzer,
    phrasingIndex: createPhrasingIndex(analyzer, source),
    retriever: new HybridRetriever(source.lexicalIndex, source.dense),
    reranker,
    ...(source.rerankCandidates === undefined ? {} : { rerankCandidates: source.rerankCandidates }),
    ...(source.scopeModel ? { scopeModel: source.scopeModel } : {}),
    ...(reranker.scoreKind === 'probability' && source.crossEncoderThresholds ? { crossEncoderThresholds: source.crossEncoderThresholds } : {}),
    ...(reranker !== lexicalReranker ? { fallbackReranker: lexicalReranker } : {}),
    ...(reranker !== lexicalReranker && source.rerankBudget ? { rerankBudget: source.rerankBudget } : {}),
    ...(reranker !== lexicalReranker && source.modelCandidates !== undefined ? { modelCandidates: source.modelCandidates } : {}),
  });
}
