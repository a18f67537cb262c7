import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CorpusError } from '../../src/errors/index.js';
import { loadCorpus, readKeyPoints, type KeyPoint, type LoadedCorpus } from '../../src/ingest/index.js';
import { containsChinese } from '../../src/text/index.js';
import { corpusPaths } from '../helpers/project-paths.js';
import { createTemporaryDirectory } from '../helpers/temporary-directory.js';

let corpus: LoadedCorpus;
let temporary: Awaited<ReturnType<typeof createTemporaryDirectory>>;
beforeAll(async () => {
  corpus = await loadCorpus(corpusPaths);
  temporary = await createTemporaryDirectory('key-points-');
});
afterAll(async () => {
  await temporary.remove();
});

/** A small bank for the bad-file cases: records 1 and 2, and two concepts. */
const ids = new Set([1, 2]);
const conceptNames = new Set(['tokenization', 'attention mechanism']);

/** One line of a key-points file. */
function entry(record: number, point: number, overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({ record, point, en: `Point ${point} of Q${record}.`, zh: `第${point}点。`, concepts: ['tokenization'], ...overrides });
}

/** Two good points for each of records 1 and 2. */
const goodLines = [entry(1, 1), entry(1, 2), entry(2, 1), entry(2, 2)];

async function keyPointsFile(name: string, lines: readonly string[]): Promise<string> {
  const file = path.join(temporary.directory, name);
  await writeFile(file, `${lines.join('\n')}\n`);
  return file;
}

describe('the key points of the real bank', () => {
  it('give every record 2 to 6 points numbered 1..n', () => {
    expect(corpus.keyPoints.length).toBeGreaterThanOrEqual(100);
    for (const record of corpus.records) {
      const own = corpus.keyPoints.filter((keyPoint) => keyPoint.record === record.id);
      expect(own.length, `Q${record.id}`).toBeGreaterThanOrEqual(2);
      expect(own.length, `Q${record.id}`).toBeLessThanOrEqual(6);
      expect(own.map((keyPoint) => keyPoint.point)).toEqual(own.map((_, index) => index + 1));
    }
  });

  it('say each point in English and Chinese, with concepts or cues to recognise it in both languages', () => {
    const lexicon = new Map(corpus.concepts.map((concept) => [concept.name, concept]));
    for (const keyPoint of corpus.keyPoints) {
      const where = `Q${keyPoint.record} point ${keyPoint.point}`;
      expect(containsChinese(keyPoint.en), where).toBe(false);
      expect(containsChinese(keyPoint.zh), where).toBe(true);
      const concepts = keyPoint.concepts.map((name) => lexicon.get(name));
      expect(concepts.every((concept) => concept !== undefined), where).toBe(true);
      const english = [...concepts.flatMap((concept) => concept?.names.en ?? []), ...(keyPoint.cues?.en ?? [])];
      const chinese = [...concepts.flatMap((concept) => concept?.names.zh ?? []), ...(keyPoint.cues?.zh ?? [])];
      expect(english.length, where).toBeGreaterThan(0);
      expect(chinese.length, where).toBeGreaterThan(0);
    }
  });

  it('mostly name concepts of their own record', () => {
    const lexicon = new Map(corpus.concepts.map((concept) => [concept.name, concept]));
    const named = corpus.keyPoints.flatMap((keyPoint) => keyPoint.concepts.map((name) => lexicon.get(name)?.recordIds.includes(keyPoint.record) ?? false));
    expect(named.filter(Boolean).length / named.length).toBeGreaterThan(0.9);
  });

  it('are empty when the overlay is not given, and change the corpus hash', async () => {
    const { keyPoints, ...paths } = corpusPaths;
    expect(keyPoints).toMatch(/key-points\.jsonl$/u);
    const without = await loadCorpus(paths);
    expect(without.keyPoints).toEqual([]);
    expect(without.hash).not.toBe(corpus.hash);
  });
});

describe('readKeyPoints', () => {
  it('reads the points in record and point order, cues kept, blank and // lines skipped', async () => {
    const cues = { en: ['weigh tokens', 'focus'], zh: ['权衡', '聚焦'] };
    const file = await keyPointsFile('good.jsonl', ['// a comment', entry(2, 2), entry(2, 1, { concepts: [], cues }), '', entry(1, 2), entry(1, 1)]);
    const points = await readKeyPoints(file, ids, conceptNames);
    expect(points.map((keyPoint) => [keyPoint.record, keyPoint.point])).toEqual([[1, 1], [1, 2], [2, 1], [2, 2]]);
    expect(points[2]).toEqual<KeyPoint>({ record: 2, point: 1, en: 'Point 1 of Q2.', zh: '第1点。', concepts: [], cues });
    expect(points[0]).not.toHaveProperty('cues');
  });

  it('treats a missing file as an empty overlay', async () => {
    expect(await readKeyPoints(path.join(temporary.directory, 'none.jsonl'), ids, conceptNames)).toEqual([]);
  });

  it.each<[string, string[], number, RegExp]>([
    ['an unknown record', [...goodLines, entry(7, 1)], 5, /Q7 point 1: record: the bank has no Q7/u],
    ['a record missing points', [entry(2, 1), entry(2, 2)], 1, /Q1: has no key points/u],
    ['a record missing points at the end', [entry(1, 1), entry(1, 2)], 2, /Q2: has no key points/u],
    ['a record with one point', [entry(1, 1), entry(2, 1), entry(2, 2)], 1, /Q1: has 1 key point/u],
    ['a record with seven points', [...goodLines, ...[3, 4, 5, 6, 7].map((point) => entry(2, point))], 9, /Q2: has 7 key points/u],
    ['an unknown concept name', [entry(1, 1), entry(1, 2, { concepts: ['tokenisation'] }), entry(2, 1), entry(2, 2)], 2, /Q1 point 2: concepts: "tokenisation" is not a concept/u],
    ['a gap in numbering', [entry(1, 1), entry(1, 3), entry(2, 1), entry(2, 2)], 2, /Q1 point 3: there is no point 2/u],
    ['a point given twice', [entry(1, 1), entry(1, 2), entry(1, 2), entry(2, 1), entry(2, 2)], 3, /Q1 point 2: already given on line 2/u],
    ['empty English text', [entry(1, 1), entry(1, 2, { en: '  ' }), entry(2, 1), entry(2, 2)], 2, /Q1 point 2: en: /u],
    ['empty Chinese text', [entry(1, 1), entry(1, 2), entry(2, 1, { zh: '' }), entry(2, 2)], 3, /Q2 point 1: zh: /u],
    ['an empty cue', [entry(1, 1, { cues: { en: ['a', ''], zh: ['甲', '乙'] } }), entry(1, 2), entry(2, 1), entry(2, 2)], 1, /Q1 point 1: cues\.en\.1: /u],
    ['an empty concept name', [entry(1, 1, { concepts: [''] }), entry(1, 2), entry(2, 1), entry(2, 2)], 1, /Q1 point 1: concepts\.0: /u],
    ['neither concepts nor cues', [entry(1, 1), entry(1, 2, { concepts: [] }), entry(2, 1), entry(2, 2)], 2, /Q1 point 2: concepts: name at least one concept/u],
    ['English text in the zh field', [entry(1, 1, { zh: 'Point one.' }), entry(1, 2), entry(2, 1), entry(2, 2)], 1, /Q1 point 1: zh: "Point one\." is not Chinese/u],
    ['an unknown field', [entry(1, 1, { note: 'x' }), entry(1, 2), entry(2, 1), entry(2, 2)], 1, /Q1 point 1: entry: Unrecognized key/u],
    ['a line that is not JSON', [entry(1, 1), '{"record": 1, "point": 2', entry(2, 1), entry(2, 2)], 2, /not valid JSON/u],
  ])('refuses %s, naming the file, the line and the record', async (_case, lines, line, reason) => {
    const file = await keyPointsFile('bad.jsonl', lines);
    const error = await readKeyPoints(file, ids, conceptNames).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CorpusError);
    expect((error as CorpusError).path).toBe(file);
    expect((error as CorpusError).line).toBe(line);
    expect((error as CorpusError).message).toContain(`${file}:${line}:`);
    expect((error as CorpusError).message).toMatch(reason);
  });

  it('refuses a concept name when no lexicon is loaded', async () => {
    const file = await keyPointsFile('no-lexicon.jsonl', goodLines);
    await expect(readKeyPoints(file, ids, new Set())).rejects.toThrow(/Q1 point 1: concepts: "tokenization" is not a concept/u);
  });
});
