import type { Concept, CorpusRecord, Phrasing } from '../ingest/index.js';
import { BankVocabulary } from './bank-vocabulary.js';
import { ConceptMatcher } from './concept-matcher.js';
import { buildGlossary } from './glossary.js';
import { PhrasingIndex } from './phrasing-index.js';
import { QueryAnalyzer } from './query-analyzer.js';
import { chineseConceptNames } from './lexical-index.js';
import { addChineseWords } from '../text/index.js';

/** What the bank offers for reading a query. */
export interface QueryAnalyzerSource {
  records: readonly CorpusRecord[];
  phrasings: readonly Phrasing[];
  concepts: readonly Concept[];
}

/**
 * The analyzer for a bank: its acronym glossary, its vocabulary (records, phrasings and every name
 * of every concept, for typo correction) and its concept matcher. Built once at start-up.
 */
export function createQueryAnalyzer(source: QueryAnalyzerSource): QueryAnalyzer {
  addChineseWords(chineseConceptNames(source.concepts));
  const texts = [
    ...source.records.flatMap((record) => [record.question.en, record.answer.en, record.question.zh, record.answer.zh]),
    ...source.phrasings.map((phrasing) => phrasing.text),
    ...source.concepts.flatMap((concept) => [...concept.names.en, ...concept.names.zh]),
  ];
  return new QueryAnalyzer({
    glossary: buildGlossary(source.records),
    vocabulary: new BankVocabulary(texts),
    conceptMatcher: new ConceptMatcher(source.concepts),
  });
}

/**
 * The nearest-phrasing index of a bank: every phrasing, and every record's question in both
 * languages, read by the same analyzer as the learner's messages.
 */
export function createPhrasingIndex(analyzer: QueryAnalyzer, source: QueryAnalyzerSource): PhrasingIndex {
  return new PhrasingIndex([
    ...source.records.flatMap((record) => [record.question.en, record.question.zh].map((text) => ({ recordId: record.id, terms: analyzer.readPart(text).terms }))),
    ...source.phrasings.map((phrasing) => ({ recordId: phrasing.recordId, terms: analyzer.readPart(phrasing.text).terms })),
  ]);
}
