import { tokenize } from '../text/index.js';
import type { CorpusRecord } from '../ingest/index.js';
import { glossaryTerms, type GlossaryEntry } from './glossary.js';

/** The parts of a record that are matched separately and weighted differently. */
export type LexicalField = 'question' | 'answer';

/** A query term with how much it counts (expansions count less than the learner's own words). */
export interface WeightedTerm {
  term: string;
  weight: number;
  /** Terms of one concept (a compound and its parts, an acronym and its long form) share a group. */
  group?: number;
}

/** A record found by the lexical index. */
export interface LexicalHit {
  recordId: number;
  score: number;
}

/** The JSON form of the index kept in `index/lexical.json`. */
export interface SerializedLexicalIndex {
  version: 1;
  documents: { recordId: number; fields: Record<LexicalField, string[]> }[];
}

interface FieldStatistics {
  termCounts: Map<string, number>;
  length: number;
}

const fieldWeights: Record<LexicalField, number> = { question: 3, answer: 1 };
const saturation = 1.2;
const lengthNormalization: Record<LexicalField, number> = { question: 0.5, answer: 0.75 };

/**
 * BM25F over the records of the bank, English and Chinese text together: a record's question counts
 * three times its answer, because a learner's question names the topic the way the bank's question does,
 * while answers mention many topics in passing.
 */
export class LexicalIndex {
  private readonly documents: { recordId: number; fields: Record<LexicalField, FieldStatistics> }[];
  private readonly documentFrequency = new Map<string, number>();
  /** For each term, the positions of the documents that use it: a search touches only those. */
  private readonly postings = new Map<string, number[]>();
  private readonly positionByRecord = new Map<number, number>();
  private readonly averageLength: Record<LexicalField, number>;

  private constructor(serialized: SerializedLexicalIndex) {
    this.documents = serialized.documents.map((document) => ({
      recordId: document.recordId,
      fields: {
        question: countTerms(document.fields.question),
        answer: countTerms(document.fields.answer),
      },
    }));
    this.documents.forEach((document, position) => {
      this.positionByRecord.set(document.recordId, position);
      const seen = new Set([...document.fields.question.termCounts.keys(), ...document.fields.answer.termCounts.keys()]);
      for (const term of seen) {
        this.documentFrequency.set(term, (this.documentFrequency.get(term) ?? 0) + 1);
        const list = this.postings.get(term);
        if (list) list.push(position);
        else this.postings.set(term, [position]);
      }
    });
    const total = Math.max(1, this.documents.length);
    this.averageLength = {
      question: this.documents.reduce((sum, document) => sum + document.fields.question.length, 0) / total || 1,
      answer: this.documents.reduce((sum, document) => sum + document.fields.answer.length, 0) / total || 1,
    };
    this.serialized = serialized;
  }

  private readonly serialized: SerializedLexicalIndex;

  /** Indexes the records' questions and answers in both languages. */
  static build(records: readonly CorpusRecord[], glossary: readonly GlossaryEntry[]): LexicalIndex {
    const analyze = (text: string) => [...tokenize(text), ...glossaryTerms(text, glossary)];
    return new LexicalIndex({
      version: 1,
      documents: records.map((record) => ({
        recordId: record.id,
        fields: {
          question: analyze(`${record.question.en}\n${record.question.zh}`),
          answer: analyze(`${record.answer.en}\n${record.answer.zh}`),
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

  /** True when some record uses the term. */
  knows(term: string): boolean {
    return this.documentFrequency.has(term);
  }

  /** How often the record's field uses the term (0 when the record is unknown). */
  termCount(recordId: number, field: LexicalField, term: string): number {
    const position = this.positionByRecord.get(recordId);
    return position === undefined ? 0 : (this.documents[position]?.fields[field].termCounts.get(term) ?? 0);
  }

  /** Records ranked by BM25F score, best first; records matching no term are left out. */
  search(terms: readonly WeightedTerm[], limit: number): LexicalHit[] {
    const hits: LexicalHit[] = [];
    const candidates = new Set<number>();
    for (const { term } of terms) for (const position of this.postings.get(term) ?? []) candidates.add(position);
    for (const position of candidates) {
      const document = this.documents[position];
      if (!document) continue;
      let score = 0;
      for (const { term, weight } of terms) {
        let pseudoFrequency = 0;
        for (const field of ['question', 'answer'] as const) {
          const statistics = document.fields[field];
          const count = statistics.termCounts.get(term) ?? 0;
          if (count === 0) continue;
          const normalization = 1 - lengthNormalization[field] + lengthNormalization[field] * (statistics.length / this.averageLength[field]);
          pseudoFrequency += (fieldWeights[field] * count) / normalization;
        }
        if (pseudoFrequency === 0) continue;
        score += weight * this.inverseDocumentFrequency(term) * ((pseudoFrequency * (saturation + 1)) / (pseudoFrequency + saturation));
      }
      if (score > 0) hits.push({ recordId: document.recordId, score });
    }
    return hits.sort((left, right) => right.score - left.score || left.recordId - right.recordId).slice(0, limit);
  }
}

function countTerms(terms: readonly string[]): FieldStatistics {
  const termCounts = new Map<string, number>();
  for (const term of terms) termCounts.set(term, (termCounts.get(term) ?? 0) + 1);
  return { termCounts, length: terms.length };
}
