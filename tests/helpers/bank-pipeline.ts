import { loadCorpus, type LoadedCorpus } from '../../src/ingest/index.js';
import { buildGlossary, createRetrievalPipeline, LexicalIndex, type RetrievalPipeline, type RetrievalResult } from '../../src/retrieval/index.js';
import { corpusPaths } from './project-paths.js';

/** The real bank with its overlays, its lexical index and the lexical retrieval pipeline, in memory. */
export interface BankPipeline {
  corpus: LoadedCorpus;
  lexicalIndex: LexicalIndex;
  pipeline: RetrievalPipeline;
  /** Runs the pipeline on a message as the tutor does (offline, no LLM). */
  find: (text: string) => Promise<RetrievalResult>;
}

let shared: Promise<BankPipeline> | undefined;

/** Builds the bank's pipeline once per test file (loading the corpus, jieba and OpenCC takes a moment). */
export function createBankPipeline(): Promise<BankPipeline> {
  shared ??= (async () => {
    const corpus = await loadCorpus(corpusPaths);
    const lexicalIndex = LexicalIndex.build({ ...corpus, glossary: buildGlossary(corpus.records) });
    const pipeline = createRetrievalPipeline({ ...corpus, lexicalIndex });
    return { corpus, lexicalIndex, pipeline, find: (text: string) => pipeline.run(pipeline.analyze(text)) };
  })();
  return shared;
}
