import { beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus, type CorpusRecord } from '../../src/ingest/index.js';
import {
  analyzeQuery,
  buildGlossary,
  judgeScope,
  LexicalIndex,
  LexicalReranker,
  reciprocalRankFusion,
  type GlossaryEntry,
} from '../../src/retrieval/index.js';
import { corpusPath, overlayPath } from '../helpers/project-paths.js';

let records: CorpusRecord[];
let glossary: GlossaryEntry[];
let index: LexicalIndex;
beforeAll(async () => {
  records = (await loadCorpus(corpusPath, overlayPath)).records;
  glossary = buildGlossary(records);
  index = LexicalIndex.build(records, glossary);
});

const top = (query: string) => index.search(analyzeQuery(query, glossary), 3)[0]?.recordId;

describe('buildGlossary', () => {
  it('learns the acronyms the bank defines, in either order', () => {
    const acronyms = glossary.map((entry) => entry.acronymTerm);
    expect(acronyms).toEqual(expect.arrayContaining(['rag', 'moe', 'lora', 'peft', 'seq2seq', 'llm']));
  });

  it('matches inflected long forms', () => {
    const entry = glossary.find((candidate) => candidate.acronymTerm === 'llm');
    expect(entry?.phrasePattern.test('large language models')).toBe(true);
  });
});

describe('LexicalIndex', () => {
  it('finds a record from its acronym', () => {
    expect(top('What is MoE?')).toBe(37);
  });

  it('finds the record that spells out an acronym used everywhere', () => {
    expect(top('What is an LLM?')).toBe(49);
  });

  it('finds a record from a Chinese question as surely as from an English one', () => {
    expect(top('什么是少样本学习？')).toBe(44);
    expect(top('What is few-shot learning?')).toBe(44);
  });

  it('reads a long form as its acronym', () => {
    expect(top('What is Kullback-Leibler divergence?')).toBe(29);
  });

  it('survives a round trip through JSON', () => {
    const restored = LexicalIndex.fromJSON(JSON.parse(JSON.stringify(index.toJSON())));
    const query = analyzeQuery('beam search versus greedy decoding', glossary);
    expect(restored.search(query, 5)).toEqual(index.search(query, 5));
  });

  it('returns nothing for words the bank never uses', () => {
    expect(index.search(analyzeQuery('passport renewal', glossary), 5)).toEqual([]);
  });
});

describe('reciprocalRankFusion', () => {
  it('ranks an id found high by both lists above one found by one list', () => {
    const fused = reciprocalRankFusion([[1, 2, 3], [2, 1, 4]]);
    expect(fused.get(1)).toBeCloseTo(1 / 61 + 1 / 62);
    expect((fused.get(2) ?? 0) > (fused.get(4) ?? 0)).toBe(true);
  });
});

describe('LexicalReranker', () => {
  it('puts the record that defines the subject of a "what is" question first', async () => {
    const reranker = new LexicalReranker(index, glossary);
    const candidates = [26, 10].map((id) => ({
      recordId: id,
      question: records[id - 1]!.question.en,
      passage: records[id - 1]!.answer.en,
      retrievalScore: id === 26 ? 5 : 4.6,
    }));
    const reranked = await reranker.rerank('What are embeddings?', candidates);
    expect(reranked[0]?.recordId).toBe(10);
  });

  it('prefers the record whose question starts with the subject of a Chinese what-is question', async () => {
    const reranker = new LexicalReranker(index, glossary);
    const candidates = [23, 2].map((id) => ({
      recordId: id,
      question: records[id - 1]!.question.zh,
      passage: records[id - 1]!.answer.zh,
      retrievalScore: 5,
    }));
    const reranked = await reranker.rerank('什么是注意力机制', candidates);
    expect(reranked[0]?.recordId).toBe(2);
  });

  it('refuses to work once its signal is aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(new LexicalReranker(index, glossary).rerank('x', [], { signal: controller.signal })).rejects.toMatchObject({ code: 'ABORTED' });
  });
});

describe('judgeScope', () => {
  const judge = (query: string) => {
    const terms = analyzeQuery(query, glossary);
    return judgeScope(index, { terms, topRecordId: index.search(terms, 1)[0]?.recordId });
  };

  it('keeps a question about the bank in scope', () => {
    expect(judge('What makes a good prompt?').outOfScope).toBe(false);
  });

  it('puts a question with no word of the bank out of scope', () => {
    expect(judge('How do I renew my passport?').outOfScope).toBe(true);
  });

  it('puts a question whose topic words are foreign out of scope despite a stray match', () => {
    const judgement = judge('What is the best pizza topping?');
    expect(judgement.outOfScope).toBe(true);
    expect(judgement.foreignShare).toBeGreaterThan(0.55);
  });

  it('does not let a cross-word Chinese bigram count against a Chinese question', () => {
    expect(judge('温度参数有什么作用？').outOfScope).toBe(false);
  });

  it('lets a confident cross-encoder reject a lexical match', () => {
    const terms = analyzeQuery('top-p sampling', glossary);
    expect(judgeScope(index, { terms, topRecordId: 12 }).outOfScope).toBe(false);
    expect(judgeScope(index, { terms, topRecordId: 12, crossEncoderProbability: 0.01 }).outOfScope).toBe(true);
  });

  it('lets a confident cross-encoder accept a paraphrase with little lexical overlap', () => {
    const terms = analyzeQuery('What is a teacher-student setup for compressing models?', glossary);
    expect(judgeScope(index, { terms, topRecordId: 15 }).outOfScope).toBe(true);
    expect(judgeScope(index, { terms, topRecordId: 15, crossEncoderProbability: 0.9 }).outOfScope).toBe(false);
  });
});
