import { describe, expect, it } from 'vitest';
import { chunkRecords, loadCorpus, type CorpusRecord } from '../../src/ingest/index.js';
import { corpusPaths } from '../helpers/project-paths.js';

describe('chunkRecords', () => {
  it('gives every chunk its record id and language, and covers both languages of all 50 records', async () => {
    const { records } = await loadCorpus(corpusPaths);
    const chunks = await chunkRecords(records);
    const seen = new Set(chunks.map((chunk) => `${chunk.recordId}-${chunk.language}`));
    expect(seen.size).toBe(100);
    expect(chunks.map((chunk) => chunk.label)).toEqual(chunks.map((_, index) => index));
  });

  it('splits a long answer into several chunks, each headed by the question', async () => {
    const record: CorpusRecord = {
      id: 1,
      question: { en: 'What is long?', zh: '什么是长？' },
      answer: { en: Array.from({ length: 40 }, (_, index) => `Sentence number ${index} is here.`).join(' '), zh: '短。' },
      restorations: [],
    };
    const chunks = await chunkRecords([record], { chunkSize: 200, chunkOverlap: 20 });
    const english = chunks.filter((chunk) => chunk.language === 'en');
    expect(english.length).toBeGreaterThan(3);
    expect(english.every((chunk) => chunk.text.startsWith('What is long?\n'))).toBe(true);
  });
});
