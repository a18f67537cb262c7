/** How an interviewer would take an answer: accepted, on the way, or not there. */
export type GradeVerdict = 'strong' | 'partial' | 'missed';

/** A practice answer graded against a record (CONTRACT.md, Practice: the GRADE object). */
export interface Grade {
  recordId: number;
  /** From 0 to 1. */
  score: number;
  verdict: GradeVerdict;
  /** The record's key points the answer makes, in the answer's language. */
  covered: { point: string }[];
  /** The key points it leaves out. */
  missed: { point: string }[];
  modelAnswer: { en: string; zh: string };
  citations: number[];
  /** What an interviewer would ask next. */
  followUp: string;
  grader: 'llm' | 'lexical';
  /** Beyond CONTRACT.md, only when there are any: known wrong claims the answer makes, and what is true instead. */
  wrongClaims?: { claim: string; correction: string }[];
}
