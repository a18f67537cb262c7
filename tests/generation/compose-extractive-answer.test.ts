import { beforeAll, describe, expect, it } from 'vitest';
import { composeComparison, composeExtractiveAnswer, readAnswerAnatomy } from '../../src/generation/index.js';
import { loadCorpus, type CorpusRecord } from '../../src/ingest/index.js';
import { splitSentences, tokenize } from '../../src/text/index.js';
import { WordsToKnow } from '../../src/tutor/index.js';
import { corpusPaths } from '../helpers/project-paths.js';

let records: CorpusRecord[];
let words: WordsToKnow;
beforeAll(async () => {
  const corpus = await loadCorpus(corpusPaths);
  records = corpus.records;
  words = new WordsToKnow(records, corpus.concepts);
});
const record = (id: number) => records[id - 1]!;
const focus = (text: string) => new Map(tokenize(text).map((term) => [term, 1]));
const eli5 = (id: number, language: 'en' | 'zh', asked?: string) =>
  composeExtractiveAnswer({ record: record(id), language, style: 'eli5', ...(asked ? { focusTerms: focus(asked) } : {}), wordsToKnow: (core) => words.of(core, id, language) });
/** The eli5 text before its words to know, without the lead and the citation. */
const coreOf = (answer: string) =>
  (answer.split(/\n\n\*\*(?:Words to know|需要知道的词)\*\*/u)[0] ?? '').replace(/^\*\*[^*]+\*\*\s*/u, '').replace(/\s*\[Q\d+\]\s*$/u, '');

describe('readAnswerAnatomy', () => {
  it('keeps a formula with the sentence that introduces it, and finds the example', () => {
    const units = readAnswerAnatomy(record(32), 'en');
    expect(units[0]?.text).toMatch(/computed as:\n⟦\$\\mathrm\{Attention\}/u);
    expect(readAnswerAnatomy(record(1), 'en').find((unit) => unit.role === 'example')?.text).toMatch(/^For example, “artificial”/u);
    expect(readAnswerAnatomy(record(1), 'zh').find((unit) => unit.role === 'example')?.text).toMatch(/^例如/u);
  });
});

describe('composeExtractiveAnswer', () => {
  it('answers a follow-up with the part of the record that answers its words, not the whole record', () => {
    const answer = composeExtractiveAnswer({ record: record(4), language: 'en', style: 'focused', focusTerms: focus('which one needs less memory?') });
    expect(answer).toContain('QLORA extends this by applying quantization');
    expect(answer).not.toContain('70B-parameter');
    expect(answer).toMatch(/\[Q4\]$/u);
  });

  it('gives the record\'s own example, labelled as one', () => {
    const answer = composeExtractiveAnswer({ record: record(1), language: 'en', style: 'example' });
    expect(answer).toMatch(/An example from Q1/u);
    expect(answer).toContain('“artificial” might be split');
  });

  it('borrows a related record\'s example and says so, citing both, the one asked about first', () => {
    const answer = composeExtractiveAnswer({ record: record(32), language: 'en', style: 'example', related: [record(2)] });
    expect(answer).toMatch(/^The answer to Q32 gives no example itself \[Q32\]\. A related question, Q2/u);
    expect(answer).toContain('The cat chased the mouse');
    expect([...answer.matchAll(/\[Q(\d+)\]/gu)].map((match) => Number(match[1]))).toEqual([32, 2]);
  });

  it('says plainly that the bank gives no example, and labels nothing as one', () => {
    const answer = composeExtractiveAnswer({ record: record(36), language: 'en', style: 'example', related: [] });
    expect(answer).toMatch(/^The bank gives no example for this question \(Q36\)/u);
    expect(answer).not.toMatch(/An example/u);
    expect(composeExtractiveAnswer({ record: record(36), language: 'zh', style: 'example', related: [] })).toMatch(/题库对这个问题（Q36）没有给出例子/u);
  });

  it('explains tokenization for a newcomer with the definition and its example, nothing twice', () => {
    const answer = eli5(1, 'en', 'what is tokenization');
    expect(answer).toMatch(/^\*\*In plain words:\*\* Tokenization involves breaking down text/u);
    expect(answer).toContain('“artificial” might be split');
    expect(answer.match(/Tokenization involves/gu)).toHaveLength(1);
  });

  it('keeps the formula of an eli5 answer and never ends it on a colon', () => {
    const core = coreOf(eli5(32, 'en', 'how are attention scores computed'));
    expect(core).toMatch(/\\mathrm\{softmax\}/u);
    expect(core).not.toMatch(/[:：]\s*$/u);
  });

  it('leaves out an example about another part of the record than the one asked ("What is LoRA?")', () => {
    expect(eli5(4, 'en', 'what is lora')).not.toMatch(/QLORA can fine-tune/u);
    expect(eli5(4, 'en', 'lora and qlora')).toMatch(/QLORA can fine-tune/u);
  });

  it('lists the words to know that other records define, each with its definition and chip', () => {
    const answer = eli5(2, 'en', 'what is attention');
    expect(answer).toMatch(/\*\*Words to know\*\*\n- \*\*tokens\*\* — Tokenization involves breaking down text[^\n]*\[Q1\]/u);
    expect(eli5(2, 'zh', '什么是注意力')).toMatch(/\*\*需要知道的词\*\*\n- \*\*词元\*\* — 词元化指[^\n]*\[Q1\]/u);
  });

  it.each(['en', 'zh'] as const)('over every record (%s): no eli5 answer repeats a sentence, ends on a colon, or outgrows the full answer', (language) => {
    for (const each of records) {
      const answer = eli5(each.id, language);
      const full = composeExtractiveAnswer({ record: each, language, style: 'full' });
      const core = coreOf(answer);
      const sentences = splitSentences(core);
      expect(new Set(sentences).size, `Q${each.id}`).toBe(sentences.length);
      expect(core, `Q${each.id}`).not.toMatch(/[:：]\s*$/u);
      expect(answer.length, `Q${each.id}`).toBeLessThanOrEqual(full.length);
    }
  });
});

describe('composeComparison', () => {
  it('sets both records side by side and cites both', () => {
    const answer = composeComparison([record(12), record(6)], 'en', focus('how is that different from temperature'));
    expect(answer).toContain('Top-k sampling selects');
    expect(answer).toContain('Temperature is a hyperparameter');
    expect([...answer.matchAll(/\[Q(\d+)\]/gu)].map((match) => Number(match[1]))).toEqual([12, 6]);
  });
});
