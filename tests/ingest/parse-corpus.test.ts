import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { CorpusError } from '../../src/errors/index.js';
import { parseCorpus } from '../../src/ingest/index.js';
import { corpusPath } from '../helpers/project-paths.js';

let text: string;
beforeAll(async () => {
  text = await readFile(corpusPath, 'utf8');
});

function breakCorpus(transform: (lines: string[]) => string[]): string {
  return transform(text.split('\n')).join('\n');
}

function lineOf(prefix: string): number {
  return text.split('\n').findIndex((line) => line.startsWith(prefix)) + 1;
}

describe('parseCorpus on the real bank', () => {
  it('finds exactly 50 records numbered 1 to 50', () => {
    const { records } = parseCorpus(text, corpusPath);
    expect(records.map((record) => record.id)).toEqual(Array.from({ length: 50 }, (_, index) => index + 1));
  });

  it('reads the exact English and Chinese question of Q36', () => {
    const record = parseCorpus(text, corpusPath).records[35];
    expect(record?.question.en).toBe('What are the steps in Retrieval-Augmented Generation (RAG)?');
    expect(record?.question.zh).toBe('检索增强生成(RAG)的步骤是什么?');
  });

  it('keeps bullet lists in both languages', () => {
    const record = parseCorpus(text, corpusPath).records[35];
    expect(record?.answer.en.split('\n').filter((line) => line.startsWith('- '))).toHaveLength(3);
    expect(record?.answer.zh).toContain('- 检索(Retrieval): 使用查询嵌入获取相关文档。');
  });

  it('separates the English answer from the Chinese one', () => {
    const record = parseCorpus(text, corpusPath).records[0];
    expect(record?.answer.en.startsWith('Tokenization involves breaking down text')).toBe(true);
    expect(record?.answer.en).not.toMatch(/[\u4e00-\u9fff]/u);
    expect(record?.answer.zh.startsWith('词元化指将文本分解为更小的单元')).toBe(true);
  });

  it('keeps a formula line without Chinese inside the Chinese answer', () => {
    const record = parseCorpus(text, corpusPath).records[31];
    expect(record?.answer.zh.split('\n')).toHaveLength(3);
    expect(record?.answer.en.split('\n')).toHaveLength(3);
  });

  it('excludes the promotional tail after Q50', () => {
    const { records, excludedTrailingLines } = parseCorpus(text, corpusPath);
    expect(records[49]?.answer.zh.endsWith('解决这些挑战是确保LLM合乎道德且有效应用的关键。')).toBe(true);
    expect(records[49]?.answer.zh).not.toContain('如何学习大模型');
    expect(excludedTrailingLines).toBeGreaterThan(20);
  });

  it('keeps both records of overlapping topics (Q19/Q39, Q14/Q35)', () => {
    const { records } = parseCorpus(text, corpusPath);
    expect(records[18]?.question.en).toMatch(/generative versus discriminative/u);
    expect(records[38]?.question.en).toMatch(/discriminative and generative AI/u);
    expect(records[13]?.question.en).toMatch(/catastrophic forgetting/u);
    expect(records[34]?.question.en).toMatch(/PEFT mitigate catastrophic forgetting/u);
  });
});

describe('parseCorpus on broken copies', () => {
  it('names the line of a question without an answer', () => {
    const line = lineOf('Question 7:');
    const broken = breakCorpus((lines) => lines.filter((_, index) => index <= line || index > line + 2));
    expect(() => parseCorpus(broken, 'broken.txt')).toThrowError(new RegExp(`broken.txt:${line}: Question 7 has no English answer`, 'u'));
  });

  it('names the line of a duplicate question number', () => {
    const broken = breakCorpus((lines) => lines.map((line) => line.replace(/^Question 9:/u, 'Question 8:').replace(/^问9:/u, '问8:')));
    const error = captureError(() => parseCorpus(broken, 'broken.txt'));
    expect(error).toBeInstanceOf(CorpusError);
    expect((error as CorpusError).line).toBe(lineOf('Question 9:'));
    expect((error as CorpusError).message).toMatch(/duplicate question number 8/u);
  });

  it('names the line of a question without its Chinese version', () => {
    const broken = breakCorpus((lines) => lines.filter((line) => !line.startsWith('问12:')));
    const error = captureError(() => parseCorpus(broken, 'broken.txt')) as CorpusError;
    expect(error.line).toBe(lineOf('Question 12:'));
    expect(error.message).toMatch(/Question 12 has no Chinese question/u);
  });

  it('names the line of an answer that lacks its Chinese half', () => {
    const start = lineOf('Question 15:');
    const broken = breakCorpus((lines) => lines.filter((_, index) => index !== start + 2));
    expect(() => parseCorpus(broken, 'broken.txt')).toThrowError(/Question 15 has no Chinese answer/u);
  });

  it('refuses a number out of sequence', () => {
    const broken = breakCorpus((lines) => lines.map((line) => line.replace(/^Question 20:/u, 'Question 21:').replace(/^问20:/u, '问21:')));
    expect(() => parseCorpus(broken, 'broken.txt')).toThrowError(/out of sequence: expected 20/u);
  });

  it('refuses a text without questions', () => {
    expect(() => parseCorpus('just some text\n', 'empty.txt')).toThrowError(/no "Question N:" lines/u);
  });
});

function captureError(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
