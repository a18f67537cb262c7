import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CorpusError } from '../../src/errors/index.js';
import { loadCorpus, readMisconceptions, type LoadedCorpus } from '../../src/ingest/index.js';
import { MisconceptionMatcher } from '../../src/practice/index.js';
import { splitSentences } from '../../src/text/index.js';
import { corpusPaths } from '../helpers/project-paths.js';
import { createTemporaryDirectory } from '../helpers/temporary-directory.js';

let corpus: LoadedCorpus;
let temporary: Awaited<ReturnType<typeof createTemporaryDirectory>>;
beforeAll(async () => {
  corpus = await loadCorpus(corpusPaths);
  temporary = await createTemporaryDirectory('misconceptions-');
});
afterAll(async () => {
  await temporary.remove();
});

const temperature = {
  id: '6a',
  claim: { en: 'A higher temperature makes the output more deterministic.', zh: '温度越高输出越确定。' },
  correction: { en: 'A higher temperature flattens the distribution: more random.', zh: '温度越高分布越平，输出越随机。' },
  patterns: [[['higher temperature', '温度越高'], ['more deterministic', '越确定', '更确定']]],
  unless: ['not', '不'],
};

async function overlay(name: string, lines: readonly unknown[]): Promise<string> {
  const file = path.join(temporary.directory, name);
  await writeFile(file, `${lines.map((line) => JSON.stringify(line)).join('\n')}\n`);
  return file;
}

describe('the misconceptions of the real bank', () => {
  it('cover most records, and never fire on a sentence of the bank\'s own model answers', () => {
    const covered = new Set(corpus.misconceptions.map((misconception) => misconception.record));
    expect(covered.size).toBeGreaterThanOrEqual(30);
    const matcher = new MisconceptionMatcher(corpus.misconceptions);
    for (const record of corpus.records) {
      for (const language of ['en', 'zh'] as const) {
        for (const sentence of splitSentences(record.answer[language])) {
          expect(matcher.find(record.id, sentence), `Q${record.id} ${language}: ${sentence}`).toEqual([]);
        }
      }
    }
  });

  it('never fire on a key point or on the corrections they give, and each catches its own claim in both languages', () => {
    const matcher = new MisconceptionMatcher(corpus.misconceptions);
    for (const point of corpus.keyPoints) {
      for (const language of ['en', 'zh'] as const) expect(matcher.find(point.record, point[language]), `Q${point.record} point: ${point[language]}`).toEqual([]);
    }
    for (const misconception of corpus.misconceptions) {
      for (const language of ['en', 'zh'] as const) {
        expect(matcher.find(misconception.record, misconception.correction[language]), `${misconception.id} correction (${language})`).toEqual([]);
        expect(matcher.find(misconception.record, misconception.claim[language]).map(({ id }) => id), `${misconception.id} claim (${language})`).toContain(misconception.id);
      }
    }
  });
});

describe('readMisconceptions and MisconceptionMatcher', () => {
  it('match one sentence holding every group, in either language, and not a negated or split claim', async () => {
    const file = await overlay('good.jsonl', [{ recordId: 6, misconceptions: [temperature] }]);
    const matcher = new MisconceptionMatcher(await readMisconceptions(file, new Set([6])));
    expect(matcher.find(6, 'Well, a Higher  Temperature makes sampling more deterministic, I think.').map((found) => found.id)).toEqual(['6a']);
    expect(matcher.find(6, '我觉得温度越高，模型就越确定。')).toHaveLength(1);
    expect(matcher.find(6, 'A higher temperature is not more deterministic.')).toEqual([]);
    expect(matcher.find(6, "A higher temperature isn't more deterministic.")).toEqual([]);
    expect(matcher.find(6, 'Use a higher temperature. Greedy decoding is more deterministic.')).toEqual([]);
    expect(matcher.find(6, 'A highertemperature makes it moredeterministic.')).toEqual([]);
    expect(matcher.find(5, 'A higher temperature makes it more deterministic.')).toEqual([]);
  });

  it('read terms as the answer is read (apostrophes, spaces), keep a contrast before a clause, and do not split at "e.g."', async () => {
    const relu = {
      id: '30c',
      claim: { en: 'ReLU causes vanishing gradients.', zh: 'ReLU 会导致梯度消失。' },
      correction: { en: 'ReLU keeps a gradient of 1 for positive inputs.', zh: 'ReLU 在正区间梯度为 1。' },
      patterns: [[['relu'], ['causes vanishing gradients', "doesn't keep the gradient"]]],
      unless: ['unlike', 'not'],
    };
    const file = await overlay('relu.jsonl', [{ recordId: 30, misconceptions: [relu] }]);
    const matcher = new MisconceptionMatcher(await readMisconceptions(file, new Set([30])));
    expect(matcher.find(30, "ReLU doesn't keep the gradient alive.")).toHaveLength(1);
    expect(matcher.find(30, 'ReLU   causes\tvanishing  gradients.')).toHaveLength(1);
    expect(matcher.find(30, 'Unlike sigmoid, which saturates and causes vanishing gradients, ReLU keeps a gradient of 1.')).toEqual([]);
    expect(matcher.find(30, 'Some functions, e.g. ReLU, cause problems: ReLU causes vanishing gradients.')).toHaveLength(1);
  });

  it('name the file, line and entry of a bad overlay', async () => {
    const cases: [unknown[], RegExp][] = [
      [[{ recordId: 99, misconceptions: [temperature] }], /:1: recordId: the bank has no Q99/u],
      [[{ recordId: 6, misconceptions: [temperature] }, { recordId: 6, misconceptions: [temperature] }], /:2: Q6 misconception "6a": id already given on line 1/u],
      [[{ recordId: 6, misconceptions: [{ ...temperature, claim: { en: '温度越高', zh: '温度越高' } }] }], /claim\.en is not English/u],
      [[{ recordId: 6, misconceptions: [{ ...temperature, patterns: [] }] }], /:1: .*patterns/u],
    ];
    for (const [index, [lines, message]] of cases.entries()) {
      const reading = readMisconceptions(await overlay(`bad-${index}.jsonl`, lines), new Set([6]));
      await expect(reading).rejects.toBeInstanceOf(CorpusError);
      await expect(reading).rejects.toThrow(message);
    }
    expect(await readMisconceptions(path.join(temporary.directory, 'missing.jsonl'), new Set([6]))).toEqual([]);
  });
});
