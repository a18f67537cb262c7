import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CorpusError } from '../../src/errors/index.js';
import { loadCorpus, readConcepts, readPhrasings, type LoadedCorpus } from '../../src/ingest/index.js';
import { corpusPaths } from '../helpers/project-paths.js';
import { createTemporaryDirectory } from '../helpers/temporary-directory.js';

let corpus: LoadedCorpus;
let temporary: Awaited<ReturnType<typeof createTemporaryDirectory>>;
const ids = new Set(Array.from({ length: 50 }, (_, index) => index + 1));
beforeAll(async () => {
  corpus = await loadCorpus(corpusPaths);
  temporary = await createTemporaryDirectory('overlays-');
});
afterAll(async () => {
  await temporary.remove();
});

async function overlayFile(name: string, lines: string[]): Promise<string> {
  const file = path.join(temporary.directory, name);
  await writeFile(file, `${lines.join('\n')}\n`);
  return file;
}

describe('the reviewed overlays of the real bank', () => {
  it('give every record at least 20 English and 10 Chinese reviewed phrasings', () => {
    for (const record of corpus.records) {
      const own = corpus.phrasings.filter((phrasing) => phrasing.recordId === record.id && !phrasing.draft);
      expect(own.filter((phrasing) => phrasing.language === 'en').length, `Q${record.id} en`).toBeGreaterThanOrEqual(20);
      expect(own.filter((phrasing) => phrasing.language === 'zh').length, `Q${record.id} zh`).toBeGreaterThanOrEqual(10);
    }
  });

  it('give every record key concepts with English and Chinese names', () => {
    for (const record of corpus.records) {
      const concepts = corpus.concepts.filter((concept) => concept.recordIds.includes(record.id));
      expect(concepts.length, `Q${record.id}`).toBeGreaterThanOrEqual(2);
      expect(concepts.some((concept) => concept.names.zh.length > 0), `Q${record.id}`).toBe(true);
    }
  });

  it('change the corpus hash, so the index is rebuilt when they change', async () => {
    const withoutOverlays = await loadCorpus({ corpus: corpusPaths.corpus, restorations: corpusPaths.restorations });
    expect(withoutOverlays.phrasings).toEqual([]);
    expect(withoutOverlays.hash).not.toBe(corpus.hash);
  });
});

describe('readPhrasings', () => {
  it('reads one phrasing a line, drafts marked, blank and // lines skipped', async () => {
    const file = await overlayFile('phrasings.jsonl', [
      '// a comment',
      '{"record": 1, "language": "en", "text": "what is a token"}',
      '',
      '{"record": 1, "language": "zh", "text": "什么是词元", "draft": true}',
    ]);
    expect(await readPhrasings(file, ids)).toEqual([
      { recordId: 1, language: 'en', text: 'what is a token', draft: false },
      { recordId: 1, language: 'zh', text: '什么是词元', draft: true },
    ]);
  });

  it.each([
    [['{"record": 1, "language": "en", "text": "ok"}', '{"record": 1, "language": "en", "text": '], 2, /not valid JSON/u],
    [['{"record": 1, "language": "fr", "text": "bonjour"}'], 1, /language/u],
    [['{"record": 1, "language": "en", "text": "a"}', '{"record": 1, "language": "en", "text": "b", "extra": 1}'], 2, /Unrecognized key/u],
    [['{"record": 77, "language": "en", "text": "what"}'], 1, /no Q77/u],
    [['{"record": 2, "language": "en", "text": "Same"}', '{"record": 2, "language": "en", "text": "same"}'], 2, /already a phrasing of Q2/u],
  ])('names the line of a malformed overlay (%#)', async (lines, line, reason) => {
    const file = await overlayFile('bad-phrasings.jsonl', lines);
    const error = await readPhrasings(file, ids).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CorpusError);
    expect((error as CorpusError).line).toBe(line);
    expect((error as CorpusError).message).toContain(`${file}:${line}:`);
    expect((error as CorpusError).message).toMatch(reason);
  });

  it('treats a missing file as an empty overlay', async () => {
    expect(await readPhrasings(path.join(temporary.directory, 'none.jsonl'), ids)).toEqual([]);
  });
});

describe('readConcepts', () => {
  it('reads concepts with their records and names', async () => {
    const file = await overlayFile('concepts.jsonl', ['{"concept": "top-p sampling", "records": [12], "en": ["top-p", "nucleus sampling"], "zh": ["核采样"]}']);
    expect(await readConcepts(file, ids)).toEqual([{ name: 'top-p sampling', recordIds: [12], names: { en: ['top-p', 'nucleus sampling'], zh: ['核采样'] } }]);
  });

  it.each([
    [['{"concept": "x", "records": [], "en": ["x"], "zh": []}'], 1, /records/u],
    [['{"concept": "x", "records": [51], "en": ["x"], "zh": []}'], 1, /no Q51/u],
    [['{"concept": "x", "records": [1], "en": ["x"], "zh": []}', '{"concept": "X", "records": [2], "en": ["x"], "zh": []}'], 2, /already defined/u],
  ])('names the line of a malformed concept (%#)', async (lines, line, reason) => {
    const file = await overlayFile('bad-concepts.jsonl', lines);
    const error = await readConcepts(file, ids).catch((caught: unknown) => caught);
    expect((error as CorpusError).line).toBe(line);
    expect((error as CorpusError).message).toMatch(reason);
  });
});
