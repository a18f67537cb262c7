import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyCorpusOverlay, findGaps, loadCorpus, parseCorpus, readCorpusOverlay } from '../../src/ingest/index.js';
import { corpusPath, corpusPaths, overlayPath } from '../helpers/project-paths.js';
import { createTemporaryDirectory } from '../helpers/temporary-directory.js';

let temporary: { directory: string; remove: () => Promise<void> };
beforeEach(async () => {
  temporary = await createTemporaryDirectory();
});
afterEach(async () => {
  await temporary.remove();
});

describe('findGaps', () => {
  it('finds the lost formulas and values of the raw bank', async () => {
    const { records } = parseCorpus(await readFile(corpusPath, 'utf8'), corpusPath);
    const ids = new Set(findGaps(records).map((gap) => gap.recordId));
    expect([...ids].sort((left, right) => left - right)).toEqual([5, 12, 23, 24, 25, 26, 29, 30, 31, 32]);
  });

  it('does not count a colon followed by a list as a gap', async () => {
    const { records } = parseCorpus(await readFile(corpusPath, 'utf8'), corpusPath);
    expect(findGaps(records).some((gap) => gap.recordId === 36)).toBe(false);
  });
});

describe('the reviewed overlay', () => {
  it('fills every gap it finds in the real bank', async () => {
    const corpus = await loadCorpus(corpusPaths);
    expect(corpus.unfilledGaps).toEqual([]);
    expect(corpus.restorationCount).toBeGreaterThanOrEqual(20);
  });

  it('restores scaled dot-product attention in Q32 and marks it as restored', async () => {
    const corpus = await loadCorpus(corpusPaths);
    const record = corpus.records[31];
    expect(record?.answer.en).not.toContain('softmax()V');
    expect(record?.answer.en).toMatch(/⟦\$\\mathrm\{Attention\}\(Q, K, V\) = \\mathrm\{softmax\}\\left\(\\dfrac\{QK\^\\top\}\{\\sqrt\{d_k\}\}\\right\)V\$⟧/u);
    expect(record?.restorations.map((restoration) => restoration.language)).toEqual(['en', 'zh']);
  });

  it('takes the value of Q12 from the Chinese answer', async () => {
    const corpus = await loadCorpus(corpusPaths);
    expect(corpus.records[11]?.answer.en).toContain('(e.g., ⟦$k = 20$⟧)');
    expect(corpus.records[11]?.answer.zh).toContain('k=20');
  });

  it('restores ReLU and its derivative in the Chinese answer of Q30', async () => {
    const corpus = await loadCorpus(corpusPaths);
    expect(corpus.records[29]?.answer.zh).toContain('⟦$f(x) = \\max(0, x)$⟧');
    expect(corpus.records[29]?.answer.zh).toContain("f'(x) = \\begin{cases}");
  });

  it('reports a gap the overlay does not fill', async () => {
    const partial = path.join(temporary.directory, 'partial.json');
    const entries = (await readCorpusOverlay(overlayPath)).filter((entry) => entry.id !== 29);
    await writeFile(partial, JSON.stringify({ restorations: entries }));
    const corpus = await loadCorpus({ corpus: corpusPath, restorations: partial });
    expect(corpus.unfilledGaps.map((gap) => `${gap.recordId}${gap.language}`).sort()).toEqual(['29en', '29zh']);
  });

  it('refuses an entry whose damaged text is not in the record', async () => {
    const { records } = parseCorpus(await readFile(corpusPath, 'utf8'), corpusPath);
    const entry = { id: 3, language: 'en' as const, field: 'answer' as const, damaged: 'not in Q3', restored: '⟦x⟧', reason: 'test' };
    expect(() => applyCorpusOverlay(records, [entry], 'overlay.json')).toThrowError(/restoration #1 \(Q3 en answer\): damaged text "not in Q3" not found/u);
  });

  it('refuses an entry that does not mark what it restores', async () => {
    const { records } = parseCorpus(await readFile(corpusPath, 'utf8'), corpusPath);
    const entry = { id: 12, language: 'en' as const, field: 'answer' as const, damaged: '(e.g., )', restored: '(e.g., k = 20)', reason: 'test' };
    expect(() => applyCorpusOverlay(records, [entry], 'overlay.json')).toThrowError(/must mark the inserted part/u);
  });

  it('refuses an overlay file that is not valid JSON', async () => {
    const broken = path.join(temporary.directory, 'broken.json');
    await writeFile(broken, '{ "restorations": [');
    await expect(readCorpusOverlay(broken)).rejects.toThrowError(/not valid JSON/u);
  });

  it('changes the corpus hash when the overlay changes', async () => {
    const partial = path.join(temporary.directory, 'partial.json');
    await writeFile(partial, JSON.stringify({ restorations: (await readCorpusOverlay(overlayPath)).slice(1) }));
    const full = await loadCorpus(corpusPaths);
    const reduced = await loadCorpus({ corpus: corpusPath, restorations: partial });
    expect(full.hash).not.toBe(reduced.hash);
  });
});
