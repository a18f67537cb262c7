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
  /** The L2 strength, chosen by cross-validation. */
  l2: number;
  /** Mean held-out accuracy of each L2 strength tried. */
  crossValidation: { l2: number; accuracy: number }[];
  thresholds: ScopeModel['thresholds'];
  table: TradeOffRow[];
}

/** The L2 strengths cross-validation chooses from. */
const l2Strengths = [0.001, 0.01, 0.03, 0.1];
const folds = 5;

/** Share of answers citing a right record, from which an answer needs no "closest question" hedge. */
const answerPrecision = 0.97;
/** With an LLM configured, the lexical stage refuses at most this share of in-scope questions. */
const lenientFalseRefusals = 0.005;

/**
 * Fits the scope model: logistic regression (gradient descent, the L2 strength chosen by 5-fold
 * cross-validation; ties go to the stronger) of "the bank covers
 * this question" on the evidence features, then thresholds read off the trade-off table — refusal
 * where false refusals plus false answers are fewest, the lower threshold on a tie, since a refusal is
 * the costlier mistake for a learner; "answer" (rather than "closest") where 97%
 * of what is answered cites a right record; the lenient threshold (LLM configured) at 0.5% false refusals.
 */
export function fitScopeModel(samples: readonly ScopeSample[]): ScopeFit {
  const crossValidation = l2Strengths.map((l2) => ({ l2, accuracy: crossValidate(samples, l2) }));
  const l2 = crossValidation.reduce((best, entry) => (entry.accuracy >= best.accuracy - 1e-9 ? entry : best)).l2;
  const { weights, bias } = fitLogistic(samples, l2);
  const probabilities = samples.map((sample) => sigmoid(bias + dot(weights, scopeFeatures(sample.evidence))));
  const table = tradeOff(samples, probabilities);
  // False refusals and false answers weigh the same, as rates: the calibration set holds twice as many
  // in-scope questions as uncovered ones, which plain accuracy would let decide.
  const errors = (row: TradeOffRow) => row.falseRefusalRate + row.falseAnswerRate;
  const closest = table.reduce((best, row) => (errors(row) < errors(best) - 1e-9 ? row : best)).threshold;
  const answer =
    table.find((row) => row.threshold >= closest && precisionFrom(samples, probabilities, row.threshold) >= answerPrecision)?.threshold ?? Math.max(closest, 0.9);
  const lenient = [...table].reverse().find((row) => row.falseRefusalRate <= lenientFalseRefusals)?.threshold ?? 0.05;
  return { weights: weights.map(round), bias: round(bias), l2, crossValidation, thresholds: { answer, closest, lenient: Math.min(lenient, closest) }, table };
}

/** Logistic regression by gradient descent with L2, on the evidence features. */
function fitLogistic(samples: readonly ScopeSample[], l2: number, epochs = 4000, learningRate = 0.5): { weights: number[]; bias: number } {
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
      weights[index] = weight - learningRate * ((gradient[index] ?? 0) / Math.max(1, rows.length) + l2 * weight);
    });
    bias -= (learningRate * biasGradient) / Math.max(1, rows.length);
  }
  return { weights, bias };
}

/** Mean accuracy on each held-out fold (every fifth sample), the refusal threshold chosen on the rest. */
function crossValidate(samples: readonly ScopeSample[], l2: number): number {
  let total = 0;
  for (let fold = 0; fold < folds; fold += 1) {
    const test = samples.filter((_, index) => index % folds === fold);
    const train = samples.filter((_, index) => index % folds !== fold);
    const model = fitLogistic(train, l2, 1500);
    const probabilitiesOf = (set: readonly ScopeSample[]) => set.map((sample) => sigmoid(model.bias + dot(model.weights, scopeFeatures(sample.evidence))));
    const threshold = tradeOff(train, probabilitiesOf(train)).reduce((best, row) => (row.accuracy > best.accuracy ? row : best)).threshold;
    total += tradeOff(test, probabilitiesOf(test)).find((row) => row.threshold === threshold)?.accuracy ?? 0;
  }
  return total / folds;
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

/** Among the questions answered at a threshold, the share whose best record is a right one. */
function precisionFrom(samples: readonly ScopeSample[], probabilities: readonly number[], threshold: number): number {
  const answered = samples.filter((_, index) => (probabilities[index] ?? 0) >= threshold);
  return answered.length === 0 ? 1 : answered.filter((sample) => sample.inScope && sample.rightRecord).length / answered.length;
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
