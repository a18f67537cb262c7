/** The figures a scope decision rests on, for one query and its best record; shares from 0 to 1. */
export interface ScopeEvidence {
  /** The best record after reranking, if any. */
  recordId: number | undefined;
  /** Share of the query's information that the record holds in any field. */
  coverage: number;
  /** Share held by the record's question, its phrasings or its concepts: what the record is about, not what it mentions. */
  focusCoverage: number;
  /** Share of the query's information in topics the bank lacks: words it never uses that are rare in everyday language. */
  foreignShare: number;
  /** Share of the query's information in units the bank uses somewhere (records, phrasings or concepts). */
  knownShare: number;
  /** True when the query names a key concept of the record. */
  namesConcept: boolean;
  /** Units of meaning (a word with its compound parts, a concept, a Chinese word) the query has. */
  units: number;
  /** The query's information in all (idf-weighted units), of which the shares are taken. */
  mass: number;
  /** Cosine similarity of the query to the record's nearest phrasing, when phrasings are indexed. */
  phrasingSimilarity?: number;
  /** The largest share of one of the record's phrasings that the query contains. */
  phrasingContainment?: number;
  /** The cross-encoder's probability that the record answers the query, when one ran. */
  probability?: number;
}
