import { beforeAll, describe, expect, it } from 'vitest';
import { createRetrievalPipeline, RerankBudget, type RerankCandidate, type Reranker } from '../../src/retrieval/index.js';
import { createBankPipeline, type BankPipeline } from '../helpers/bank-pipeline.js';

/** A stand-in cross-encoder (probabilities) that counts its calls and puts the lowest record id first. */
function countingCrossEncoder(): Reranker & { calls: number; sizes: number[] } {
  return {
    name: 'cross-encoder',
    scoreKind: 'probability',
    calls: 0,
    sizes: [],
    async rerank(_query, candidates: readonly RerankCandidate[]) {
      this.calls += 1;
      this.sizes.push(candidates.length);
      return [...candidates].sort((left, right) => left.recordId - right.recordId).map((candidate, index) => ({ ...candidate, rerankScore: index === 0 ? 0.9 : 0.01 }));
    },
  };
}

let bank: BankPipeline;
beforeAll(async () => {
  bank = await createBankPipeline();
});

describe('RerankBudget', () => {
  it('lets the model rerank while the queued work fits the budget, and counts what it turned away', () => {
    let queued = 0;
    const budget = new RerankBudget(() => queued, 500);
    expect(budget.admit()).toBe(true);
    queued = 501;
    expect(budget.admit()).toBe(false);
    // What the question has already waited (its address's turn, its embedding) counts too.
    queued = 100;
    expect(budget.admit(300)).toBe(true);
    expect(budget.admit(401)).toBe(false);
    expect(budget.counts).toEqual({ admitted: 2, degraded: 2, budgetMs: 500 });
  });

  it('lets the model score only the head of the lexical order (a cascade), the tail following below it', async () => {
    const crossEncoder = countingCrossEncoder();
    const pipeline = createRetrievalPipeline({ ...bank.corpus, lexicalIndex: bank.lexicalIndex, reranker: crossEncoder, modelCandidates: 3 });
    const result = await pipeline.run(pipeline.analyze('How does beam search compare with greedy decoding?'));
    const lexical = await bank.find('How does beam search compare with greedy decoding?');
    expect(crossEncoder.sizes.every((size) => size === 3)).toBe(true);
    const ids = result.primary.candidates.map((candidate) => candidate.recordId);
    const lexicalIds = lexical.primary.candidates.map((candidate) => candidate.recordId);
    expect(ids.length).toBe(lexicalIds.length);
    // The model re-ordered the lexical top three among themselves; everything after stays in lexical order.
    expect(new Set(ids.slice(0, 3))).toEqual(new Set(lexicalIds.slice(0, 3)));
    expect(ids.slice(3)).toEqual(lexicalIds.slice(3));
    expect(result.primary.candidates.slice(3).every((candidate) => candidate.rerankScore === 0)).toBe(true);
  });

  it('degrades a question to lexical reranking when the model is too busy, and says so in the result', async () => {
    let queued = 0;
    const crossEncoder = countingCrossEncoder();
    const budget = new RerankBudget(() => queued, 500);
    const pipeline = createRetrievalPipeline({ ...bank.corpus, lexicalIndex: bank.lexicalIndex, reranker: crossEncoder, rerankBudget: budget, crossEncoderThresholds: { accept: 0.5, reject: 0.02 } });
    const question = 'What are the steps in RAG?';
    const calm = await pipeline.run(pipeline.analyze(question));
    expect(calm.degraded).toBe(false);
    expect(crossEncoder.calls).toBeGreaterThan(0);
    const callsBefore = crossEncoder.calls;
    queued = 10_000;
    const busy = await pipeline.run(pipeline.analyze(question));
    expect(busy.degraded).toBe(true);
    expect(crossEncoder.calls).toBe(callsBefore);
    // Reranked lexically, as the lexical pipeline ranks it, with no model probability in the decision.
    const lexical = await bank.find(question);
    expect(busy.primary.candidates.map((candidate) => candidate.recordId)).toEqual(lexical.primary.candidates.map((candidate) => candidate.recordId));
    expect(busy.primary.decision.scope).toBe(lexical.primary.decision.scope);
    expect(budget.counts.degraded).toBeGreaterThan(0);
    // A question that has already waited past the budget (behind other questions) is not made to wait longer.
    queued = 0;
    const late = await pipeline.run(pipeline.analyze(question), { waitedMs: 10_000 });
    expect(late.degraded).toBe(true);
    expect((await pipeline.run(pipeline.analyze(question), { waitedMs: 0 })).degraded).toBe(false);
  });

  it('decides once per message: a message of several questions is ranked by one reranker and counted once', async () => {
    const crossEncoder = countingCrossEncoder();
    const budget = new RerankBudget(() => 0, 500);
    const pipeline = createRetrievalPipeline({ ...bank.corpus, lexicalIndex: bank.lexicalIndex, reranker: crossEncoder, rerankBudget: budget });
    const result = await pipeline.run(pipeline.analyze('What is LoRA? And how does beam search work? What does temperature do?'));
    expect(crossEncoder.calls).toBeGreaterThan(1);
    expect(budget.counts).toEqual({ admitted: 1, degraded: 0, budgetMs: 500 });
    expect(result.degraded).toBe(false);
  });
});
