import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { RunnableLambda } from '@langchain/core/runnables';
import type { Document } from '@langchain/core/documents';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AbortedError } from '../../src/errors/index.js';
import type { TutorDocumentMetadata } from '../../src/retrieval/index.js';
import { createTestRuntime } from '../helpers/create-test-runtime.js';
import { projectRoot } from '../helpers/project-paths.js';
import { createTemporaryDirectory } from '../helpers/temporary-directory.js';

const run = promisify(execFile);
let runtime: Awaited<ReturnType<typeof createTestRuntime>>;
beforeAll(async () => {
  runtime = await createTestRuntime();
});
afterAll(async () => {
  await runtime.cleanup();
});

const citations = (documents: Document<TutorDocumentMetadata>[]) => documents.map((document) => document.metadata.recordId);

describe('TutorRetriever, the pipeline as a LangChain retriever', () => {
  it('runs inside a LangChain runnable chain and returns the records with their metadata', async () => {
    const chain = runtime.retriever.pipe(RunnableLambda.from((documents: Document<TutorDocumentMetadata>[]) => documents));
    const documents = await chain.invoke('what are the steps of retrieval augmented generation');
    expect(documents[0]?.metadata).toMatchObject({ recordId: 36, citation: '[Q36]', language: 'en', scope: 'answer' });
    expect(documents[0]?.pageContent).toContain(runtime.corpus.records.find((record) => record.id === 36)?.answer.en.slice(0, 40));
    expect(documents.length).toBeLessThanOrEqual(4);
    // Only the record that answers is marked so; the runners-up are related records.
    expect(documents.slice(1).map((document) => document.metadata.scope)).toEqual(documents.slice(1).map(() => 'related'));
    expect(documents.length).toBeGreaterThan(1);
    expect(new Set(citations(documents)).size).toBe(documents.length);
  });

  it('answers a Chinese question with the Chinese text of the record', async () => {
    const [best] = await runtime.retriever.invoke('检索增强生成有哪些步骤？');
    expect(best?.metadata).toMatchObject({ recordId: 36, language: 'zh' });
    expect(best?.pageContent).toContain(runtime.corpus.records.find((record) => record.id === 36)?.question.zh);
  });

  it('gives no documents for a question the bank does not cover', async () => {
    expect(await runtime.retriever.invoke('What is the capital of Australia?')).toEqual([]);
  });

  it('returns a record for each question of a two-question message', async () => {
    const documents = await runtime.retriever.invoke('What is LoRA? And how does beam search work?');
    const lora = runtime.corpus.records.find((record) => /\bLORA\b/iu.test(record.question.en))?.id;
    const beam = runtime.corpus.records.find((record) => /beam search/iu.test(record.question.en))?.id;
    expect(lora).toBeDefined();
    expect(citations(documents)).toEqual(expect.arrayContaining([lora, beam]));
  });

  it("stops when the config's signal has fired, invoked directly or in a chain", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(runtime.retriever.invoke('What is attention?', { signal: controller.signal })).rejects.toBeInstanceOf(AbortedError);
    const chain = runtime.retriever.pipe(RunnableLambda.from((documents: Document<TutorDocumentMetadata>[]) => documents.length));
    await expect(chain.invoke('What is attention?', { signal: controller.signal })).rejects.toThrow();
  });
});

describe('the README example (examples/langchain-retriever.ts)', () => {
  it('prints the cited records for a question, and says so for one the bank does not cover', async () => {
    const index = await createTemporaryDirectory('tutor-example-');
    try {
      const environment = { ...process.env, INDEX_DIR: index.directory, MODELS_OFFLINE: '1', EMBED_MODEL: '', RERANK_MODEL: '', LOG_LEVEL: 'warn' };
      const example = (question: string) => run(process.execPath, ['--import', 'tsx', 'examples/langchain-retriever.ts', question], { cwd: projectRoot, env: environment });
      const covered = await example('How does RAG work?');
      expect(covered.stdout).toMatch(/^\[Q36\] \(answer\) /u);
      const foreign = await example('Best pizza in Naples?');
      expect(foreign.stdout.trim()).toBe('The bank does not cover this question.');
    } finally {
      await index.remove();
    }
  }, 60_000);
});
