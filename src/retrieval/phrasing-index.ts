import type { WeightedTerm } from './lexical-index.js';
import { isLongFormTerm } from './concept-term.js';

/** A way of asking for a record, already analysed into terms. */
export interface AnalysedPhrasing {
  recordId: number;
  terms: readonly WeightedTerm[];
}

interface StoredPhrasing {
  recordId: number;
  weights: Map<string, number>;
  norm: number;
  /** Sum of the weights: how much there is of the phrasing to find in a query. */
  total: number;
}

/** How close a record's phrasings come to a query. */
export interface PhrasingMatch {
  /** Best cosine similarity of a phrasing to the query (0 to 1). */
  similarity: number;
  /**
   * Best share of a phrasing's information that the query contains (0 to 1): a long message that
   * contains "how do transformers know word order" among its context is about that phrasing's record.
   */
  containment: number;
}

/**
 * The nearest phrasing of each record to a query: every phrasing (and every bank question) is its
 * own short document, compared with the query by cosine similarity of idf-weighted terms. This is
 * how FAQ assistants match a message to their training phrases: a learner's question that is close
 * to one way of asking for a record is about that record, whatever the record's own wording.
 */
export class PhrasingIndex {
  private readonly phrasings: StoredPhrasing[] = [];
  private readonly postings = new Map<string, number[]>();
  private readonly inverseFrequency = new Map<string, number>();
  private readonly maximumInverseFrequency: number;

  constructor(source: readonly AnalysedPhrasing[]) {
    const documentFrequency = new Map<string, number>();
    for (const phrasing of source) {
      for (const term of new Set(phrasing.terms.map(({ term }) => term))) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
    }
    const count = Math.max(1, source.length);
    for (const [term, frequency] of documentFrequency) this.inverseFrequency.set(term, Math.log(1 + count / frequency));
    this.maximumInverseFrequency = Math.log(1 + count);
    source.forEach((phrasing, position) => {
      const weights = new Map<string, number>();
      for (const { term, weight } of phrasing.terms) {
        if (isLongFormTerm(term)) continue;
        weights.set(term, Math.max(weights.get(term) ?? 0, weight * this.idf(term)));
      }
      let norm = 0;
      let total = 0;
      for (const value of weights.values()) {
        norm += value * value;
        total += value;
      }
      this.phrasings.push({ recordId: phrasing.recordId, weights, norm: Math.sqrt(norm), total });
      for (const term of weights.keys()) {
        const list = this.postings.get(term);
        if (list) list.push(position);
        else this.postings.set(term, [position]);
      }
    });
  }

  private idf(term: string): number {
    return this.inverseFrequency.get(term) ?? this.maximumInverseFrequency;
  }

  /** For each record with a phrasing that shares a term with the query, how close its phrasings come. */
  nearest(terms: readonly WeightedTerm[]): Map<number, PhrasingMatch> {
    const query = new Map<string, number>();
    for (const { term, weight } of terms) {
      if (isLongFormTerm(term)) continue;
      query.set(term, Math.max(query.get(term) ?? 0, weight * this.idf(term)));
    }
    let queryNorm = 0;
    for (const value of query.values()) queryNorm += value * value;
    queryNorm = Math.sqrt(queryNorm);
    const dots = new Map<number, number>();
    const found = new Map<number, number>();
    for (const [term, value] of query) {
      for (const position of this.postings.get(term) ?? []) {
        const weight = this.phrasings[position]?.weights.get(term) ?? 0;
        dots.set(position, (dots.get(position) ?? 0) + value * weight);
        found.set(position, (found.get(position) ?? 0) + weight);
      }
    }
    const best = new Map<number, PhrasingMatch>();
    for (const [position, dot] of dots) {
      const phrasing = this.phrasings[position];
      if (!phrasing || phrasing.norm === 0 || queryNorm === 0) continue;
      const similarity = dot / (phrasing.norm * queryNorm);
      const containment = (found.get(position) ?? 0) / phrasing.total;
      const current = best.get(phrasing.recordId);
      best.set(phrasing.recordId, {
        similarity: Math.max(similarity, current?.similarity ?? 0),
        containment: Math.max(containment, current?.containment ?? 0),
      });
    }
    return best;
  }
}
