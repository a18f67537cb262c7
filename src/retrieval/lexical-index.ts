import type { Concept, CorpusRecord, Phrasing } from '../ingest/index.js';
import { addChineseWords, containsChinese, normalizeText, tokenizeNormalized } from '../text/index.js';
import { ConceptMatcher } from './concept-matcher.js';
import { conceptTerm } from './concept-term.js';
import { glossaryTerms, type GlossaryEntry } from './glossary.js';

/** The parts of a record that are matched separately and weighted differently. */
export type LexicalField = 'question' | 'answer' | 'phrasings' | 'concepts';

/** Every field, in the order they are kept. */
export const LEXICAL_FIELDS: readonly LexicalField[] = ['question', 'answer', 'phrasings', 'concepts'];

/** The fields that say what a record is about, as opposed to what its answer mentions in passing. */
export const FOCUS_FIELDS: readonly LexicalField[] = ['question', 'phrasings', 'concepts'];

/** A query term with how much it counts (expansions count less than the learner's own words). */
export interface WeightedTerm {
  term: string;
  weight: number;
  /** Terms of one concept (a compound and its parts, an acronym and its long form) share a group. */
  group?: number;
  /** The word as the learner wrote it, for telling everyday words from technical ones. */
  surface?: string;
  /** One part of a hyphenated compound: the compound, not the part, says whether the bank knows it. */
  part?: boolean;
}

/** A record found by the lexical index. */
export interface LexicalHit {
  recordId: number;
  score: number;
}

/** The JSON form of the index kept in `index/lexical.json`. */
export interface SerializedLexicalIndex {
  version: 2;
  documents: { recordId: number; fields: Record<LexicalField, string[]> }[];
}

/** What the index is built from: the records and their reviewed overlays. */
export interface LexicalIndexSource {
  records: readonly CorpusRecord[];
  phrasings?: readonly Phrasing[];
  concepts?: readonly Concept[];
  glossary: readonly GlossaryEntry[];
}

interface FieldStatistics {
  termCounts: Map<string, number>;
  length: number;
}

/**
 * How much a match in each field counts. A learner names the topic the way the bank's question does,
 * or the way learners ask for it (the phrasings); answers mention many topics in passing. A concept of
 * the record named by the learner is strong evidence, however it was worded.
 */
const fieldWeights: Record<LexicalField, number> = { question: 3, answer: 1, phrasings: 1, concepts: 2 };
const saturation = 1.2;
const lengthNormalization: Record<LexicalField, number> = { question: 0.5, answer: 0.75, phrasings: 0.3, concepts: 0 };

/**
 * BM25F over the records of the bank, English and Chinese text together, with four fields: the
 * record's question, its answer, the phrasings learners use for it, and its key concepts.
 */
export class LexicalIndex {
  private readonly documents: { recordId: number; fields: Record<LexicalField, FieldStatistics> }[];
  private readonly documentFrequency = new Map<string, number>();
  /** For each term, the positions of the documents that use it: a search touches only those. */
  private readonly postings = new Map<string, number[]>();
  private readonly positionByRecord = new Map<number, number>();
  private readonly averageLength: Record<LexicalField, number>;
  private readonly serialized: SerializedLexicalIndex;

  private constructor(serialized: SerializedLexicalIndex) {
    this.serialized = serialized;
    this.documents = serialized.documents.map((document) => ({
      recordId: document.recordId,
      fields: {
        question: countTerms(document.fields.question),
        answer: countTerms(document.fields.answer),
        phrasings: countTerms(document.fields.phrasings),
        concepts: countTerms(document.fields.concepts),
      },
    }));
    this.documents.forEach((document, position) => {
      this.positionByRecord.set(document.recordId, position);
      const seen = new Set(LEXICAL_FIELDS.flatMap((field) => [...document.fields[field].termCounts.keys()]));
      for (const term of seen) {
        this.documentFrequency.set(term, (this.documentFrequency.get(term) ?? 0) + 1);
        const list = this.postings.get(term);
        if (list) list.push(position);
        else this.postings.set(term, [position]);
      }
    });
    const total = Math.max(1, this.documents.length);
    const average = (field: LexicalField) => this.documents.reduce((sum, document) => sum + document.fields[field].length, 0) / total || 1;
    this.averageLength = { question: average('question'), answer: average('answer'), phrasings: average('phrasings'), concepts: average('concepts') };
  }

  /**
   * Indexes the records' questions and answers in both languages, their phrasings and their concepts.
   * A concept named in any text counts there too, so a concept every record mentions ("LLM") weighs
   * little, while the records that list it as a key concept still rank first for it.
   */
  static build(source: LexicalIndexSource): LexicalIndex {
    addChineseWords(chineseConceptNames(source.concepts ?? []));
    const matcher = new ConceptMatcher(source.concepts ?? []);
    // Read as the query analyzer reads a question: words, acronyms of long forms, concepts.
    const analyze = (text: string) => {
      const normalized = normalizeText(text);
      return [
        ...tokenizeNormalized(normalized).map((token) => token.term),
        ...glossaryTerms(normalized, source.glossary),
        ...matcher.find(normalized).map((mention) => conceptTerm(mention.concept)),
      ];
    };
    const phrasingsByRecord = new Map<number, string[]>();
    for (const phrasing of source.phrasings ?? []) {
      phrasingsByRecord.set(phrasing.recordId, [...(phrasingsByRecord.get(phrasing.recordId) ?? []), ...analyze(phrasing.text)]);
    }
    const conceptsByRecord = new Map<number, string[]>();
    (source.concepts ?? []).forEach((concept, index) => {
      for (const recordId of concept.recordIds) conceptsByRecord.set(recordId, [...(conceptsByRecord.get(recordId) ?? []), conceptTerm(index)]);
    });
    return new LexicalIndex({
      version: 2,
      documents: source.records.map((record) => ({
        recordId: record.id,
        fields: {
          question: analyze(`${record.question.en}\n${record.question.zh}`),
          answer: analyze(`${record.answer.en}\n${record.answer.zh}`),
          phrasings: phrasingsByRecord.get(record.id) ?? [],
          concepts: conceptsByRecord.get(record.id) ?? [],
        },
      })),
    });
  }

  /** Restores an index saved with `toJSON`. */
  static fromJSON(serialized: SerializedLexicalIndex): LexicalIndex {
    return new LexicalIndex(serialized);
  }

  toJSON(): SerializedLexicalIndex {
    return this.serialized;
  }

  get size(): number {
    return this.documents.length;
  }

  /** Inverse document frequency; a term the bank never uses gets the highest value. */
  inverseDocumentFrequency(term: string): number {
    const frequency = this.documentFrequency.get(term) ?? 0;
    return Math.log(1 + (this.documents.length - frequency + 0.5) / (frequency + 0.5));
  }

  /** True when some record uses the term in some field. */
  knows(term: string): boolean {
    return this.documentFrequency.has(term);
  }

  /** True when some record's own text (question, answer) or concepts use the term, not only learners' phrasings. */
  recordsUse(term: string): boolean {
    for (const position of this.postings.get(term) ?? []) {
      const fields = this.documents[position]?.fields;
      if (fields && (fields.question.termCounts.has(term) || fields.answer.termCounts.has(term) || fields.concepts.termCounts.has(term))) return true;
    }
    return false;
  }

  /** How often the record's field uses the term (0 when the record is unknown). */
  termCount(recordId: number, field: LexicalField, term: string): number {
    const position = this.positionByRecord.get(recordId);
    return position === undefined ? 0 : (this.documents[position]?.fields[field].termCounts.get(term) ?? 0);
  }

  /** True when any of the given fields of the record uses the term. */
  recordHas(recordId: number, term: string, fields: readonly LexicalField[] = LEXICAL_FIELDS): boolean {
    return fields.some((field) => this.termCount(recordId, field, term) > 0);
  }

  /** Records ranked by BM25F score, best first; records matching no term are left out. */
  search(terms: readonly WeightedTerm[], limit: number): LexicalHit[] {
    // Term at a time over the postings: a term no record uses costs one map lookup, so a long
    // message of unknown words is cheap. Each record's score sums its terms in the query's order.
    const scores = new Map<number, number>();
    for (const { term, weight } of terms) {
      const postings = this.postings.get(term);
      if (!postings) continue;
      const inverseFrequency = this.inverseDocumentFrequency(term);
      for (const position of postings) {
        const document = this.documents[position];
        if (!document) continue;
        let pseudoFrequency = 0;
        for (const field of LEXICAL_FIELDS) {
          const statistics = document.fields[field];
          const count = statistics.termCounts.get(term) ?? 0;
          if (count === 0) continue;
          const normalization = 1 - lengthNormalization[field] + lengthNormalization[field] * (statistics.length / this.averageLength[field]);
          pseudoFrequency += (fieldWeights[field] * count) / normalization;
        }
        if (pseudoFrequency === 0) continue;
        scores.set(position, (scores.get(position) ?? 0) + weight * inverseFrequency * ((pseudoFrequency * (saturation + 1)) / (pseudoFrequency + saturation)));
      }
    }
    const hits: LexicalHit[] = [];
    for (const [position, score] of scores) {
      if (score > 0) hits.push({ recordId: (this.documents[position] as { recordId: number }).recordId, score });
    }
    return hits.sort((left, right) => right.score - left.score || left.recordId - right.recordId).slice(0, limit);
  }
}

function countTerms(terms: readonly string[]): FieldStatistics {
  const termCounts = new Map<string, number>();
  for (const term of terms) termCounts.set(term, (termCounts.get(term) ?? 0) + 1);
  return { termCounts, length: terms.length };
}

/** The Chinese names of the concepts, which the word segmenter must keep whole. */
export function chineseConceptNames(concepts: readonly Concept[]): string[] {
  return concepts.flatMap((concept) => concept.names.zh.filter((name) => containsChinese(name) && !/[\s\-_/]/u.test(name)));
}
