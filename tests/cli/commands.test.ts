import { readdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devEvalPath } from '../helpers/project-paths.js';
import { runCli } from '../helpers/run-cli.js';
import { createTemporaryDirectory } from '../helpers/temporary-directory.js';

let temporary: { directory: string; remove: () => Promise<void> };
let environment: Record<string, string>;
beforeAll(async () => {
  temporary = await createTemporaryDirectory('tutor-cli-');
  environment = { INDEX_DIR: temporary.directory };
  const ingest = await runCli('ingest-command', [], environment);
  expect(ingest.exitCode, ingest.stderr).toBe(0);
}, 120_000);
afterAll(async () => {
  await temporary.remove();
});

describe('npm run ingest', () => {
  it('writes the index and prints a summary of records, chunks, dimensions and time', async () => {
    const result = await runCli('ingest-command', [], environment);
    expect(result.stdout).toMatch(/records\s+50/u);
    expect(result.stdout).toMatch(/chunks\s+\d+/u);
    expect(result.stdout).toMatch(/dense\s+none: lexical index only/u);
    expect(result.stdout).toMatch(/gaps\s+none left unrestored/u);
    expect(result.stdout).toMatch(/time\s+[\d.]+ m?s/u);
    expect((await readdir(temporary.directory)).sort()).toEqual(['chunks.json', 'lexical.json', 'manifest.json', 'records.json']);
  });

  it('stops with the line of a malformed corpus and builds nothing', async () => {
    const empty = await createTemporaryDirectory('tutor-broken-');
    try {
      const result = await runCli('ingest-command', [], { INDEX_DIR: empty.directory, CORPUS_PATH: 'package.json' });
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toMatch(/CORPUS_INVALID: .*package\.json:1: no "Question N:" lines/u);
      expect(await readdir(empty.directory)).toEqual([]);
    } finally {
      await empty.remove();
    }
  });
});

describe('npm run ask', () => {
  it('answers "What are the steps in RAG?" citing Q36', async () => {
    const result = await runCli('ask-command', ['What are the steps in RAG?'], environment);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('[Q36]');
  });

  it('answers the Chinese LoRA question in Chinese citing Q4', async () => {
    const result = await runCli('ask-command', ['LoRA 和 QLoRA 有什么区别？', '--json'], environment);
    const response = JSON.parse(result.stdout) as { citations: number[]; answer: string; outOfScope: boolean };
    expect(response.citations).toEqual([4]);
    expect(response.answer).toMatch(/[\u4e00-\u9fff]/u);
    expect(response.outOfScope).toBe(false);
  });

  it('prints the POST /api/chat object with --json', async () => {
    const result = await runCli('ask-command', ['How do I bake bread?', '--json'], environment);
    const response = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(Object.keys(response).sort()).toEqual(['answer', 'citations', 'outOfScope', 'rewrittenQuery', 'scope', 'sources', 'timings']);
    expect(response['scope']).toBe('out-of-scope');
    expect(response['outOfScope']).toBe(true);
    expect(response['citations']).toEqual([]);
  });

  it('refuses an unknown option by name', async () => {
    const result = await runCli('ask-command', ['What is RAG?', '--jsn'], environment);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/unknown option --jsn/u);
  });

  it('refuses a bad configuration value, naming the variable and the value', async () => {
    const result = await runCli('ask-command', ['What is RAG?'], { ...environment, LLM_TIMEOUT_MS: 'soon' });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/LLM_TIMEOUT_MS="soon" is invalid/u);
  });
});

describe('npm run eval on the dev set (offline default)', () => {
  it('reaches hit@1 ≥ 0.95 and flags every out-of-scope case', async () => {
    const result = await runCli('eval-command', [devEvalPath, '--json'], environment);
    expect(result.exitCode, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as {
      n: number;
      hit1: number;
      cases: { expect: number[]; outOfScope: boolean; citations: number[] }[];
      byKind: Record<string, { n: number; hit1: number }>;
    };
    expect(report.n).toBe(66);
    expect(report.hit1).toBeGreaterThanOrEqual(0.95);
    for (const evalCase of report.cases.filter((candidate) => candidate.expect.length === 0)) {
      expect(evalCase.outOfScope).toBe(true);
      expect(evalCase.citations).toEqual([]);
    }
    expect(result.stdout).toMatch(/\| kind \| n \| hit@1 \| hit@3 \|/u);
  }, 60_000);
});
