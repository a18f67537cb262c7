import { describe, expect, it } from 'vitest';
import { defaultScopeModel, judgeScope, parseScopeModel, scopeProbability, type ScopeEvidence, type ScopeModel } from '../../src/retrieval/index.js';

const evidence = (overrides: Partial<ScopeEvidence> = {}): ScopeEvidence => ({
  recordId: 12,
  coverage: 1,
  focusCoverage: 1,
  foreignShare: 0,
  knownShare: 1,
  namesConcept: true,
  units: 2,
  mass: 6,
  phrasingSimilarity: 0.9,
  ...overrides,
});
const weak = evidence({ coverage: 0.1, focusCoverage: 0.1, foreignShare: 0.8, knownShare: 0.2, namesConcept: false, phrasingSimilarity: 0.1 });
const model: ScopeModel = { ...defaultScopeModel, thresholds: { answer: 0.8, closest: 0.5, lenient: 0.2 } };

describe('judgeScope', () => {
  it('answers what the record covers, refuses what it does not', () => {
    expect(judgeScope(evidence(), { model }).scope).toBe('answer');
    expect(judgeScope(weak, { model }).scope).toBe('out-of-scope');
  });

  it('answers from the closest record between the two thresholds', () => {
    const middle = { ...model, thresholds: { answer: 0.99, closest: 0.01, lenient: 0 } };
    expect(judgeScope(evidence({ coverage: 0.5 }), { model: middle })).toMatchObject({ scope: 'closest', reason: 'model' });
  });

  it('refuses a question the bank knows nothing of, whatever the model', () => {
    const generous = { ...model, thresholds: { answer: 0, closest: 0, lenient: 0 } };
    expect(judgeScope(evidence({ knownShare: 0 }), { model: generous })).toMatchObject({ scope: 'out-of-scope', reason: 'nothing-known' });
    expect(judgeScope(evidence({ recordId: undefined }), { model: generous }).scope).toBe('out-of-scope');
  });

  it('with an LLM configured, refuses only below the lenient threshold', () => {
    const probability = scopeProbability(model, weak);
    const lenient = { ...model, thresholds: { answer: 0.99, closest: 0.99, lenient: probability / 2 } };
    expect(judgeScope(weak, { model: lenient, lenient: true })).toMatchObject({ scope: 'answer', reason: 'lenient' });
    expect(judgeScope(weak, { model: lenient }).scope).toBe('out-of-scope');
  });

  it('lets a sure cross-encoder overrule the lexical evidence both ways', () => {
    const crossEncoder = { accept: 0.5, reject: 0.02 };
    expect(judgeScope({ ...weak, probability: 0.9 }, { model, crossEncoder }).reason).toBe('cross-encoder-accepts');
    expect(judgeScope({ ...evidence(), probability: 0.01 }, { model, crossEncoder })).toMatchObject({ scope: 'out-of-scope', reason: 'cross-encoder-rejects' });
  });

  it('weighs more coverage and fewer foreign words as more likely in scope', () => {
    expect(scopeProbability(defaultScopeModel, evidence())).toBeGreaterThan(scopeProbability(defaultScopeModel, weak));
  });
});

describe('parseScopeModel', () => {
  it('names a bad field', () => {
    expect(() => parseScopeModel({ ...defaultScopeModel, weights: [1, 2] })).toThrow(/weights/u);
    expect(() => parseScopeModel({ ...defaultScopeModel, thresholds: { answer: 2, closest: 0.5, lenient: 0.1 } })).toThrow(/thresholds\.answer/u);
  });
});
