import { beforeAll, describe, expect, it } from 'vitest';
import { createBankPipeline, type BankPipeline } from '../helpers/bank-pipeline.js';

let bank: BankPipeline;
beforeAll(async () => {
  bank = await createBankPipeline();
});

describe('QueryAnalyzer on a long message', () => {
  it('reads its start and its end, not the middle, so one ask costs the same whatever its length', () => {
    const filler = (word: string) => `${`${word} `.repeat(400)}`;
    const message = `What is quantization? ${filler('lorem')}${filler('zebrafish')}${filler('ipsum')} And how does beam search work?`;
    expect(message.length).toBeGreaterThan(4000);
    const terms = new Set(bank.pipeline.analyze(message).whole.terms.map(({ term }) => term));
    expect([...terms].some((term) => term.startsWith('quantiz'))).toBe(true);
    expect(terms.has('beam')).toBe(true);
    expect([...terms].some((term) => term.startsWith('zebrafish'))).toBe(false);
  });

  it('finds the question at either end of a long message', async () => {
    const context = 'I have been working on recommendation systems for a few years and I am now moving to a team that builds chat products. '.repeat(20);
    expect((await bank.find(`${context} So my question is: how does beam search work?`)).primary.candidates[0]?.recordId).toBe(5);
    expect((await bank.find(`How does beam search work? ${context}`)).primary.candidates[0]?.recordId).toBe(5);
  });

  it('never cuts a surrogate pair', () => {
    const message = `${'😀'.repeat(1000)} what is RAG?`;
    expect(bank.pipeline.analyze(message).whole.terms.every(({ term }) => term.isWellFormed())).toBe(true);
  });
});
