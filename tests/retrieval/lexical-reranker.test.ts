import { beforeAll, describe, expect, it } from 'vitest';
import { LexicalReranker } from '../../src/retrieval/index.js';
import { createBankPipeline, type BankPipeline } from '../helpers/bank-pipeline.js';

let bank: BankPipeline;
beforeAll(async () => {
  bank = await createBankPipeline();
});

const query = (text: string) => ({ text, terms: bank.pipeline.analyze(text).whole.terms });
const candidate = (id: number, language: 'en' | 'zh', retrievalScore: number, phrasingSimilarity = 0) => {
  const record = bank.corpus.records[id - 1]!;
  return { recordId: id, question: record.question[language], passage: record.answer[language], retrievalScore, phrasingSimilarity };
};

describe('LexicalReranker', () => {
  it('says its scores are relative, not probabilities', () => {
    expect(new LexicalReranker(bank.lexicalIndex).scoreKind).toBe('relative');
  });

  it('puts the record that defines the subject of a "what is" question first', async () => {
    const reranked = await new LexicalReranker(bank.lexicalIndex).rerank(query('What are embeddings?'), [candidate(26, 'en', 5), candidate(10, 'en', 4.6)]);
    expect(reranked[0]?.recordId).toBe(10);
  });

  it('prefers the record whose question starts with the subject of a Chinese what-is question', async () => {
    const reranked = await new LexicalReranker(bank.lexicalIndex).rerank(query('什么是注意力机制'), [candidate(23, 'zh', 5), candidate(2, 'zh', 5)]);
    expect(reranked[0]?.recordId).toBe(2);
  });

  it('lets a close phrasing decide between candidates the retrieval score cannot tell apart', async () => {
    const reranker = new LexicalReranker(bank.lexicalIndex);
    const flat = await reranker.rerank(query('x'), [candidate(5, 'en', 1, 0), candidate(6, 'en', 1, 0.9)]);
    expect(flat[0]?.recordId).toBe(6);
  });

  it('refuses to work once its signal is aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(new LexicalReranker(bank.lexicalIndex).rerank(query('x'), [], { signal: controller.signal })).rejects.toMatchObject({ code: 'ABORTED' });
  });
});
