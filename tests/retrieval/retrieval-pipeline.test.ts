import { beforeAll, describe, expect, it } from 'vitest';
import { createBankPipeline, type BankPipeline } from '../helpers/bank-pipeline.js';

let bank: BankPipeline;
beforeAll(async () => {
  bank = await createBankPipeline();
});

const decide = async (text: string) => {
  const result = await bank.find(text);
  return { top: result.primary.candidates[0]?.recordId, scope: result.primary.decision.scope, result };
};

describe('RetrievalPipeline on the real bank (lexical, offline)', () => {
  it.each([
    ['Give me the attention formula', [32, 2, 23]],
    ['I have no background in ML, what is a token?', [1]],
    ['how does beam search work', [5]],
    ['How should I answer if an interviewer asks about LoRA?', [4, 35]],
    ['什么是注意力机制？', [2]],
    ['Why not always pick the single likeliest next word?', [5]],
    ['What does PCA keep when it drops dimensions?', [28]],
  ])('answers %j from one of %j', async (text, expected) => {
    const { top, scope } = await decide(text);
    expect(scope).not.toBe('out-of-scope');
    expect(expected).toContain(top);
  });

  it.each(['What is LoRaWAN?', 'What is a transformer in a power grid?', 'What is a Boltzmann machine?', 'How does t-SNE work?', 'How do I renew my passport?'])(
    'refuses %j, which only shares words with the bank',
    async (text) => {
      expect((await decide(text)).scope).toBe('out-of-scope');
    },
  );

  it('reports the decision with its evidence, probability and the stage timings', async () => {
    const { result } = await decide('What is top-p sampling?');
    expect(result.primary.decision).toMatchObject({ scope: 'answer', evidence: { recordId: 12, namesConcept: true } });
    expect(result.primary.decision.probability).toBeGreaterThan(0.5);
    expect(result.timings.retrieveMs).toBeGreaterThanOrEqual(0);
    expect(result.timings.rerankMs).toBeGreaterThanOrEqual(0);
    expect(result.timings.scopeMs).toBeGreaterThanOrEqual(0);
  });

  it.each([
    ['what is atention in transformers', [2]],
    ['beam serach vs greedy', [5]],
    ['topk vs topp', [12]],
    ['how does qlora work', [4]],
  ])('reads %j typed in a hurry', async (text, expected) => {
    const { top, scope } = await decide(text);
    expect(scope).not.toBe('out-of-scope');
    expect(expected).toContain(top);
  });

  it('keeps a long form and its acronym one unit that also names the concept ("fine-tuning")', async () => {
    const terms = bank.pipeline.analyze('What is fine-tuning?').whole.terms;
    expect(terms.some(({ term }) => term.startsWith('#'))).toBe(true);
    const groups = new Set(terms.map(({ group }) => group));
    expect(groups.size).toBe(1);
  });

  it('corrects at most a bounded number of words in a message of gibberish', async () => {
    const query = bank.pipeline.analyze('qwertzu asdfghj zxcvbnm '.repeat(150));
    expect(query.corrections.length).toBeLessThanOrEqual(20);
  });

  it('reads Traditional Chinese and says the learner wrote it', async () => {
    const { top, scope, result } = await decide('什麼是注意力機制？');
    expect(result.query.traditional).toBe(true);
    expect(scope).not.toBe('out-of-scope');
    expect(top).toBe(2);
    expect((await decide('什么是注意力机制？')).result.query.traditional).toBe(false);
  });

  it('answers both questions of a message that asks two', async () => {
    const { result } = await decide('What is LoRA? And how does beam search work?');
    const cited = [result.primary, ...result.others].map((question) => question.candidates[0]?.recordId);
    expect(cited).toEqual(expect.arrayContaining([4, 5]));
  });

  it('finds the question in a long message full of context', async () => {
    const { top, scope } = await decide(
      'I have an interview next week at a startup and they said they care a lot about long documents. I keep reading about a limit on how many tokens a model can take in at once. What exactly is that limit and why does it matter?',
    );
    expect(scope).not.toBe('out-of-scope');
    expect(top).toBe(3);
  });
});
