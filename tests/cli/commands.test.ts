import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAiServer } from '../helpers/fake-openai-server.js';
import { devEvalPath, projectRoot } from '../helpers/project-paths.js';
import { runCli } from '../helpers/run-cli.js';
import { createTemporaryDirectory } from '../helpers/temporary-directory.js';

const scopeModelPath = path.join(projectRoot, 'src/retrieval/scope-model.json');
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
    expect(result.stdout).toMatch(/false refusals [\d.]+ · false answers [\d.]+/u);
    const json = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;
    expect(json['falseRefusalRate']).toBeTypeOf('number');
    expect(json['falseAnswerRate']).toBe(0);
  }, 60_000);
});

describe('npm run calibrate', () => {
  it('fits the scope model on an eval file and prints the trade-off table without writing it', async () => {
    const model = await readFile(scopeModelPath, 'utf8');
    const result = await runCli('calibrate-command', [devEvalPath], environment);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/\| refuse below \| false refusals \| false answers \| right citation or refusal \|/u);
    expect(result.stdout).toMatch(/\| phrasingSimilarity \| -?[\d.]+ \|/u);
    expect(result.stdout).toMatch(/chosen: answer ≥ [\d.]+, closest ≥ [\d.]+/u);
    expect(await readFile(scopeModelPath, 'utf8')).toBe(model);
  }, 60_000);
});

describe('npm run ingest -- --expand', () => {
  it('refuses to draft phrasings without an LLM', async () => {
    const result = await runCli('ingest-command', ['--expand'], environment);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/LLM_BASE_URL/u);
  });

  it('drafts phrasings for records that have few, marked as drafts, and indexes them', async () => {
    const server = await startFakeOpenAiServer({ reply: 'Sure:\nen: what is this about\nen: explain it to a beginner\nzh: 这是什么意思\nnot a phrasing line' });
    const scratch = await createTemporaryDirectory('tutor-expand-');
    try {
      const phrasings = path.join(scratch.directory, 'phrasings.jsonl');
      await writeFile(phrasings, '{"record": 1, "language": "en", "text": "what is this about"}');
      const result = await runCli('ingest-command', ['--expand'], { INDEX_DIR: scratch.directory, PHRASINGS_PATH: phrasings, LLM_BASE_URL: server.baseUrl, LLM_MODEL: 'fake-model' });
      expect(result.exitCode, result.stderr).toBe(0);
      const lines = (await readFile(phrasings, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { record: number; language: string; text: string; draft?: boolean });
      expect(lines[0]).toEqual({ record: 1, language: 'en', text: 'what is this about' });
      // Record 1 already had "what is this about": only the new ones are added for it.
      expect(lines.filter((line) => line.record === 1).map((line) => line.text)).toEqual(['what is this about', 'explain it to a beginner', '这是什么意思']);
      expect(lines.filter((line) => line.record === 50)).toEqual([
        { record: 50, language: 'en', text: 'what is this about', draft: true },
        { record: 50, language: 'en', text: 'explain it to a beginner', draft: true },
        { record: 50, language: 'zh', text: '这是什么意思', draft: true },
      ]);
      expect(result.stdout).toMatch(/drafted\s+149 phrasings for 50 records/u);
      expect(result.stdout).toMatch(/phrasings\s+150 from .* \(149 drafts awaiting review\)/u);
    } finally {
      await scratch.remove();
      await server.close();
    }
  }, 120_000);
});

describe('npm run eval:grading', () => {
  it('compares the grader with the human verdicts: accuracy, recall by verdict and ordered pairs', async () => {
    const file = path.join(temporary.directory, 'grading.jsonl');
    const cases = [
      { id: 'a', recordId: 5, language: 'en', verdict: 'strong', kind: 'strong', answer: 'Beam search keeps the k best partial sequences (beams) at each step rather than the single most likely token, so it finds more coherent, more probable sentences than greedy decoding, at more compute.' },
      { id: 'b', recordId: 5, language: 'en', verdict: 'missed', kind: 'missed', answer: 'No idea.' },
    ];
    await writeFile(file, `${cases.map((line) => JSON.stringify(line)).join('\n')}\n`);
    const result = await runCli('eval-grading-command', [file, '--json'], environment);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/2 answers · grader lexical/u);
    expect(result.stdout).toMatch(/better answer scored higher: 100\.0% of 1 pairs/u);
    const report = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as { n: number; recallByVerdict: { missed: number } };
    expect(report.n).toBe(2);
    expect(report.recallByVerdict.missed).toBe(1);
  });

  it('refuses a malformed line, naming it', async () => {
    const file = path.join(temporary.directory, 'bad-grading.jsonl');
    await writeFile(file, '{"id": "a", "recordId": 5, "language": "en", "answer": "x", "verdict": "great", "kind": "k"}\n');
    const result = await runCli('eval-grading-command', [file], environment);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/bad-grading\.jsonl:1: verdict/u);
  });
});
