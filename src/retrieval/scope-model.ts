import { z } from 'zod';
import calibrated from './scope-model.json' with { type: 'json' };
import type { ScopeEvidence } from './scope-evidence.js';

/** The evidence features the scope model weighs, in order. */
export const SCOPE_FEATURES = [
  'coverage',
  'focusCoverage',
  'foreignShare',
  'knownShare',
  'namesConcept',
  'phrasingSimilarity',
  'phrasingContainment',
  'coveredInformation',
] as const;

const probability = z.number().min(0).max(1);
const scopeModelSchema = z.object({
  description: z.string().optional(),
  calibratedOn: z.string().optional(),
  features: z.array(z.string()).refine((names) => names.join() === SCOPE_FEATURES.join(), `must be ${SCOPE_FEATURES.join(', ')}`),
  weights: z.array(z.number()).length(SCOPE_FEATURES.length),
  bias: z.number(),
  thresholds: z.object({ answer: probability, closest: probability, lenient: probability }),
  everyday: z.object({ englishFrequency: z.number().nonnegative(), chineseFrequency: z.number().nonnegative() }),
});

/**
 * How sure the tutor must be that the bank answers a question: a logistic model over the evidence
 * (fit by `npm run calibrate` on a calibration set written blind), and the probabilities from which
 * a question is answered, answered from the closest record, or (with an LLM, which may itself refuse)
 * passed on. Data, not code: `src/retrieval/scope-model.json`.
 */
export type ScopeModel = z.infer<typeof scopeModelSchema>;

/** A cross-encoder's probabilities that overrule the lexical evidence (they differ per model). */
export interface CrossEncoderThresholds {
  accept: number;
  reject: number;
}

/**
 * Validates a scope model.
 * @throws Error naming the first bad field.
 */
export function parseScopeModel(value: unknown): ScopeModel {
  const parsed = scopeModelSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`scope model: ${issue?.path.join('.') || 'value'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

/** The calibrated model shipped with the tutor. */
export const defaultScopeModel: ScopeModel = parseScopeModel(calibrated);

/** The evidence as the model's feature vector (see SCOPE_FEATURES). */
export function scopeFeatures(evidence: ScopeEvidence): number[] {
  return [
    evidence.coverage,
    evidence.focusCoverage,
    evidence.foreignShare,
    evidence.knownShare,
    evidence.namesConcept ? 1 : 0,
    evidence.phrasingSimilarity ?? 0,
    evidence.phrasingContainment ?? 0,
    Math.log1p(evidence.mass * evidence.coverage),
  ];
}

/** The model's probability that the evidence's record answers the question. */
export function scopeProbability(model: Pick<ScopeModel, 'weights' | 'bias'>, evidence: ScopeEvidence): number {
  const features = scopeFeatures(evidence);
  const score = features.reduce((sum, value, index) => sum + value * (model.weights[index] ?? 0), model.bias);
  return 1 / (1 + Math.exp(-score));
}
