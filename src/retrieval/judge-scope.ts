import type { ScopeEvidence } from './scope-evidence.js';
import { defaultScopeModel, scopeProbability, type CrossEncoderThresholds, type ScopeModel } from './scope-model.js';

/**
 * How a question relates to the bank: `answer` (a record answers it: cite it), `closest` (the bank's
 * closest question is related but not the same: answer from it and say so) or `out-of-scope` (say the
 * bank does not cover it; cite nothing).
 */
export type Scope = 'answer' | 'closest' | 'out-of-scope';

/** A scope decision with the evidence and the rule behind it. */
export interface ScopeDecision {
  scope: Scope;
  /** Which rule decided, for logs, eval and tests. */
  reason: ScopeReason;
  /** The scope model's probability that the record answers the question. */
  probability: number;
  evidence: ScopeEvidence;
}

/** The rules a decision can rest on. */
export type ScopeReason = 'nothing-known' | 'model' | 'lenient' | 'cross-encoder-accepts' | 'cross-encoder-rejects';

/** How the decision is asked for. */
export interface JudgeScopeOptions {
  model?: ScopeModel;
  /**
   * With an LLM to judge the records, only what is clearly foreign to the bank is refused here; the
   * model may still say that the records do not cover the question.
   */
  lenient?: boolean;
  /** When a cross-encoder reranked, its probabilities that overrule the lexical evidence. */
  crossEncoder?: CrossEncoderThresholds;
}

/**
 * Decides whether the bank covers a question, from the evidence of its best record: refused when the
 * bank knows none of its units of meaning; otherwise by the calibrated scope model's probability —
 * answered, answered from the closest record (said so), or refused. A cross-encoder's probability,
 * when there is one, overrules the lexical evidence when it is sure.
 */
export function judgeScope(evidence: ScopeEvidence, options: JudgeScopeOptions = {}): ScopeDecision {
  const model = options.model ?? defaultScopeModel;
  const probability = evidence.recordId === undefined ? 0 : scopeProbability(model, evidence);
  const decide = (scope: ScopeDecision['scope'], reason: ScopeReason): ScopeDecision => ({ scope, reason, probability, evidence });
  if (evidence.recordId === undefined || evidence.units === 0 || evidence.knownShare === 0) return decide('out-of-scope', 'nothing-known');
  if (evidence.probability !== undefined && options.crossEncoder) {
    if (evidence.probability >= options.crossEncoder.accept) return decide('answer', 'cross-encoder-accepts');
    if (evidence.probability <= options.crossEncoder.reject) return decide('out-of-scope', 'cross-encoder-rejects');
  }
  const { thresholds } = model;
  if (probability >= thresholds.answer) return decide('answer', 'model');
  if (options.lenient) return decide(probability >= thresholds.lenient ? 'answer' : 'out-of-scope', 'lenient');
  if (probability >= thresholds.closest) return decide('closest', 'model');
  return decide('out-of-scope', 'model');
}
