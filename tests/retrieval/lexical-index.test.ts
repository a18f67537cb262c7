import { beforeAll, describe, expect, it } from 'vitest';
import { buildGlossary, LexicalIndex, reciprocalRankFusion, type GlossaryEntry } from '../../src/retrieval/index.js';
import { createBankPipeline, type BankPipeline } from '../helpers/bank-pipeline.js';

let bank: BankPipeline;
let glossary: GlossaryEntry[];
beforeAll(async () => {
  bank = await createBankPipeline();
  glossary = buildGlossary(bank.corpus.records);
});

const terms = (text: string) => bank.pipeline.analyze(text).whole.terms;
const top = (text: string) => bank.lexicalIndex.search(terms(text), 3)[0]?.recordId;

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

  it('finds a record through a concept named by a synonym only the concept lexicon knows', () => {
    expect(top('nucleus sampling')).toBe(12);
    expect(top('skip connections')).toBe(43);
  });

  it('finds a record through the way learners ask for it (phrasings field)', () => {
    const phrasings = [{ recordId: 7, language: 'en' as const, text: 'why do we blank out random zebras', draft: false }];
    const withPhrasing = LexicalIndex.build({ records: bank.corpus.records, phrasings, glossary });
    const withoutPhrasing = LexicalIndex.build({ records: bank.corpus.records, glossary });
    const query = terms('zebras');
    expect(withoutPhrasing.search(query, 1)).toEqual([]);
    expect(withPhrasing.search(query, 1)[0]?.recordId).toBe(7);
    expect(withPhrasing.knows(query[0]!.term)).toBe(true);
    expect(withPhrasing.recordsUse(query[0]!.term)).toBe(false);
  });

  it('weighs a concept every record mentions less than one a single record is about', () => {
    const llm = bank.pipeline.analyze('LLM').whole.terms.find(({ term }) => term.startsWith('#'));
    const qlora = bank.pipeline.analyze('QLoRA').whole.terms.find(({ term }) => term.startsWith('#'));
    expect(bank.lexicalIndex.inverseDocumentFrequency(llm!.term)).toBeLessThan(bank.lexicalIndex.inverseDocumentFrequency(qlora!.term));
  });

  it('survives a round trip through JSON', () => {
    const restored = LexicalIndex.fromJSON(JSON.parse(JSON.stringify(bank.lexicalIndex.toJSON())));
    const query = terms('beam search versus greedy decoding');
    expect(restored.search(query, 5)).toEqual(bank.lexicalIndex.search(query, 5));
  });

  it('returns nothing for words the bank never uses', () => {
    expect(bank.lexicalIndex.search(terms('passport renewal'), 5)).toEqual([]);
  });
});

describe('reciprocalRankFusion', () => {
  it('ranks an id found high by both lists above one found by one list', () => {
    const fused = reciprocalRankFusion([[1, 2, 3], [2, 1, 4]]);
    expect(fused.get(1)).toBeCloseTo(1 / 61 + 1 / 62);
    expect((fused.get(2) ?? 0) > (fused.get(4) ?? 0)).toBe(true);
  });
});
