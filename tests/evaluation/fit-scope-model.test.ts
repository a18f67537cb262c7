import { describe, expect, it } from 'vitest';
import { fitScopeModel, tradeOff, type ScopeSample } from '../../src/evaluation/index.js';
import type { ScopeEvidence } from '../../src/retrieval/index.js';

function sample(inScope: boolean, strength: number): ScopeSample {
  const evidence: ScopeEvidence = {
    recordId: 1,
    coverage: strength,
    focusCoverage: strength,
    foreignShare: 1 - strength,
    knownShare: strength,
    namesConcept: strength > 0.5,
    units: 3,
    mass: 5,
    phrasingSimilarity: strength,
  };
  return { evidence, inScope, rightRecord: inScope };
}

// In-scope questions have strong evidence, out-of-scope ones weak, with some overlap.
const samples = [
  ...Array.from({ length: 40 }, (_, index) => sample(true, 0.45 + (index % 10) * 0.055)),
  ...Array.from({ length: 40 }, (_, index) => sample(false, 0.05 + (index % 10) * 0.05)),
];

describe('fitScopeModel', () => {
  it('learns to tell strong evidence from weak and picks thresholds in order', () => {
    const fit = fitScopeModel(samples);
    const best = fit.table.reduce((chosen, row) => (row.accuracy > chosen.accuracy ? row : chosen));
    expect(best.accuracy).toBeGreaterThan(0.9);
    expect(fit.thresholds.lenient).toBeLessThanOrEqual(fit.thresholds.closest);
    expect(fit.thresholds.closest).toBeLessThanOrEqual(fit.thresholds.answer);
    expect(fit.weights[0]).toBeGreaterThan(0);
  });
});

describe('tradeOff', () => {
  it('refuses more in-scope and answers fewer out-of-scope questions as the threshold rises', () => {
    const rows = tradeOff(samples, samples.map((item) => item.evidence.coverage));
    for (let index = 1; index < rows.length; index += 1) {
      expect(rows[index]!.falseRefusalRate).toBeGreaterThanOrEqual(rows[index - 1]!.falseRefusalRate);
      expect(rows[index]!.falseAnswerRate).toBeLessThanOrEqual(rows[index - 1]!.falseAnswerRate);
    }
  });
});
