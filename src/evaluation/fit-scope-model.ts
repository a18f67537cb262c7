import { scopeFeatures, SCOPE_FEATURES, type ScopeEvidence, type ScopeModel } from '../retrieval/index.js';

/** One calibration case: the evidence for its best record, and what a right answer is. */
export interface ScopeSample {
  evidence: ScopeEvidence;
  /** The bank covers the question (its `expect` is not empty). */
  inScope: boolean;
  /** The best record is one of the expected ones. */
  rightRecord: boolean;
}

/** One row of the trade-off between false refusals and false answers. */
export interface TradeOffRow {
  threshold: number;
  /** In-scope cases refused, over in-scope cases. */
  falseRefusalRate: number;
  /** Out-of-scope cases answered, over out-of-scope cases. */
  falseAnswerRate: number;
  /** Right record cited or correctly refused, over all cases. */
  accuracy: number;
}

/** The fit: weights, and the trade-off table from which thresholds are chosen. */
export interface ScopeFit {
  weights: number[];
  bias: number;
  thresholds: ScopeModel['thresholds'];
  table: TradeOffRow[];
}

/** Share of in-scope questions among those answered without "closest" hedging. */
const answerPrecision = 0.98;
/** With an LLM configured, the lexical stage refuses at most this share of in-scope questions. */
const lenientFalseRefusals = 0.005;

/**
 * Fits the scope model: logistic regression (gradient descent, L2 0.03, chosen by 5-fold cross-validation on
 * eval/calibration.jsonl) of "the bank covers
 * this question" on the evidence features, then thresholds read off the trade-off table — refusal
 * where accuracy (right citation or right refusal) is best, the lower threshold on a tie, since a
 * refusal is the costlier mistake for a learner; "answer" (rather than "closest") where 98%
 * of what is answered is in scope; the lenient threshold (LLM configured) at 0.5% false refusals.
 */
export function fitScopeModel(samples: readonly ScopeSample[], epochs = 4000, learningRate = 0.5, l2 = 0.03): ScopeFit {
  const rows = samples.map((sample) => ({ features: scopeFeatures(sample.evidence), label: sample.inScope ? 1 : 0 }));
  const weights: number[] = SCOPE_FEATURES.map(() => 0);
  let bias = 0;
  for (let epoch = 0; epoch < epochs; epoch += 1) {
    const gradient = weights.map(() => 0);
    let biasGradient = 0;
    for (const { features, label } of rows) {
      const error = sigmoid(bias + dot(weights, features)) - label;
      features.forEach((value, index) => {
        gradient[index] = (gradient[index] ?? 0) + error * value;
      });
      biasGradient += error;
    }
    weights.forEach((weight, index) => {
      weights[index] = weight - learningRate * ((gradient[index] ?? 0) / rows.length + l2 * weight);
    });
    bias -= (learningRate * biasGradient) / rows.length;
  }
  const probabilities = rows.map(({ features }) => sigmoid(bias + dot(weights, features)));
  const table = tradeOff(samples, probabilities);
  const closest = table.reduce((best, row) => (row.accuracy > best.accuracy + 1e-9 ? row : best)).threshold;
  const answer =
    table.find((row) => row.threshold >= closest && precisionFrom(samples, probabilities, row.threshold) >= answerPrecision)?.threshold ?? Math.max(closest, 0.9);
  const lenient = [...table].reverse().find((row) => row.falseRefusalRate <= lenientFalseRefusals)?.threshold ?? 0.05;
  return { weights: weights.map(round), bias: round(bias), thresholds: { answer, closest, lenient: Math.min(lenient, closest) }, table };
}

/** False refusals, false answers and accuracy at every threshold from 0.05 to 0.95. */
export function tradeOff(samples: readonly ScopeSample[], probabilities: readonly number[]): TradeOffRow[] {
  const inScope = samples.filter((sample) => sample.inScope).length || 1;
  const outOfScope = samples.filter((sample) => !sample.inScope).length || 1;
  const rows: TradeOffRow[] = [];
  for (let step = 1; step <= 19; step += 1) {
    const threshold = step / 20;
    let falseRefusals = 0;
    let falseAnswers = 0;
    let right = 0;
    samples.forEach((sample, index) => {
      const answered = (probabilities[index] ?? 0) >= threshold;
      if (sample.inScope && !answered) falseRefusals += 1;
      if (!sample.inScope && answered) falseAnswers += 1;
      if (sample.inScope ? answered && sample.rightRecord : !answered) right += 1;
    });
    rows.push({ threshold, falseRefusalRate: falseRefusals / inScope, falseAnswerRate: falseAnswers / outOfScope, accuracy: right / (samples.length || 1) });
  }
  return rows;
}

function precisionFrom(samples: readonly ScopeSample[], probabilities: readonly number[], threshold: number): number {
  const answered = samples.filter((_, index) => (probabilities[index] ?? 0) >= threshold);
  return answered.length === 0 ? 1 : answered.filter((sample) => sample.inScope).length / answered.length;
}

function sigmoid(value: number): number {
  return 1 / (1 + Math.exp(-value));
}

function dot(left: readonly number[], right: readonly number[]): number {
  return left.reduce((sum, value, index) => sum + value * (right[index] ?? 0), 0);
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
