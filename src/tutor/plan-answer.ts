import type { QuestionResult } from '../retrieval/index.js';
import { isConceptTerm, isLongFormTerm } from '../retrieval/index.js';
import type { ResolvedQuery } from './resolve-query.js';

/**
 * What the answer is to do: answer a question, answer a follow-up about the same topic, compare two
 * topics, give an example, or explain for a newcomer.
 */
export type AnswerIntent = 'answer' | 'follow-up' | 'compare' | 'example' | 'eli5';

/** One record the answer rests on, and whether it is only the bank's closest question. */
export interface PlannedRecord {
  recordId: number;
  closest: boolean;
}

/** How an answer is to be made, before it is made by the LLM or from the bank. */
export interface AnswerPlan {
  intent: AnswerIntent;
  /** The records, the main one first (two for a comparison, one per question of a message asking several). */
  records: PlannedRecord[];
  /** The learner's own words, with their weights: what a follow-up or an example is about. */
  focusTerms: Map<string, number>;
  /** Other records retrieved, closest first: where an example may be borrowed from. */
  related: number[];
}

/** What the tutor read in the message, besides its topic. */
export interface PlanRequest {
  resolved: Extract<ResolvedQuery, { kind: 'retrieved' }>;
  eli5: boolean;
  asksExample: boolean;
  compares: boolean;
}

/**
 * Decides what the answer is to do. A comparison needs a follow-up whose own topic retrieves another
 * record in scope ("How is that different from temperature?" after top-p: Q12 and Q6); a follow-up
 * with words of its own ("and which one needs less memory?") is answered from the units that answer
 * those words; an example or eli5 request says so whatever else it is.
 */
export function planAnswer(request: PlanRequest): AnswerPlan {
  const { resolved } = request;
  const { primary, others } = resolved.retrieval;
  const focusTerms = new Map<string, number>();
  for (const { term, weight } of resolved.own.whole.terms) {
    if (!isConceptTerm(term) && !isLongFormTerm(term)) focusTerms.set(term, Math.max(weight, focusTerms.get(term) ?? 0));
  }
  const records = dedupe([primary, ...others].flatMap((question) => planned(question)));
  const related = primary.candidates.slice(1, 5).map((candidate) => candidate.recordId);
  const followUp = resolved.method !== 'none';
  const other = resolved.alone?.primary;
  const otherRecord = other && other.decision.scope !== 'out-of-scope' ? planned(other)[0] : undefined;

  if (request.eli5) return { intent: 'eli5', records, focusTerms, related };
  if (request.asksExample) return { intent: 'example', records, focusTerms, related };
  if (request.compares && followUp && otherRecord && !records.some((record) => record.recordId === otherRecord.recordId)) {
    return { intent: 'compare', records: [...records.slice(0, 1), otherRecord], focusTerms, related };
  }
  const ownWords = [...focusTerms.values()].some((weight) => weight >= 1);
  if (followUp && ownWords) return { intent: 'follow-up', records, focusTerms, related };
  return { intent: 'answer', records, focusTerms, related };
}

function planned(question: QuestionResult): PlannedRecord[] {
  const top = question.candidates[0];
  return top ? [{ recordId: top.recordId, closest: question.decision.scope === 'closest' }] : [];
}

function dedupe(records: PlannedRecord[]): PlannedRecord[] {
  return records.filter((record, index) => records.findIndex((other) => other.recordId === record.recordId) === index);
}
