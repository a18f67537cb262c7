import { access } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import { loadConfig } from '../../src/config/index.js';
import { UnavailableEmbeddings } from '../../src/vector-index/unavailable-embeddings.js';
import { ModelWorkerClient } from '../../src/inference/index.js';
import { createLogger, createRuntime } from '../../src/runtime/index.js';
import { projectRoot } from '../helpers/project-paths.js';
import { createTemporaryDirectory } from '../helpers/temporary-directory.js';
import { createTinyModels } from '../helpers/tiny-models.js';

let models: { directory: string; remove: () => Promise<void> };
let tiny: Awaited<ReturnType<typeof createTinyModels>>;
let client: ModelWorkerClient;
beforeAll(async () => {
  models = await createTemporaryDirectory('tutor-models-');
  tiny = await createTinyModels(models.directory);
  // The runtimes of this file share one worker, as ModelWorkerClient requires.
  client = new ModelWorkerClient({ modelsDirectory: models.directory, offline: true });
});
afterAll(async () => {
  await client.close();
  await models.remove();
});

async function withRuntime<Result>(
  indexDirectory: string,
  environment: Record<string, string>,
  body: (runtime: Awaited<ReturnType<typeof createRuntime>>) => Promise<Result>,
  options: { loadReranker?: boolean } = {},
) {
  const config = loadConfig({ INDEX_DIR: indexDirectory, MODELS_DIR: models.directory, MODELS_OFFLINE: '1', EMBED_DTYPE: 'fp32', RERANK_DTYPE: 'q8', ...environment }, projectRoot);
  const runtime = await createRuntime(config, { logger: createLogger('silent'), modelClient: client, ...options });
  try {
    return await body(runtime);
  } finally {
    await runtime.close();
  }
}

describe('createRuntime with models available (the tiny test models)', () => {
  it('builds a dense index, retrieves hybrid and reranks with the cross-encoder', async () => {
    const index = await createTemporaryDirectory();
    try {
      await withRuntime(index.directory, { EMBED_MODEL: tiny.embedModelId, RERANK_MODEL: tiny.rerankModelId }, async (runtime) => {
        expect(runtime.index.rebuilt).toBe(true);
        expect(runtime.index.contents.manifest.dense).toMatchObject({ model: tiny.embedModelId, dimensions: tiny.dimensions, dtype: 'fp32' });
        await expect(access(path.join(index.directory, 'vectors', 'hnswlib.index'))).resolves.toBeUndefined();
        expect(runtime.embedder?.modelId).toBe(tiny.embedModelId);
        expect(runtime.reranker.name).toBe('cross-encoder');
        expect(runtime.models).toEqual({ embedder: { model: tiny.embedModelId, dtype: 'fp32' }, reranker: { model: tiny.rerankModelId, dtype: 'q8' } });
        let done;
        for await (const part of runtime.tutor.ask({ text: 'What are the steps in RAG?' })) if (part.type === 'done') done = part;
        expect(done?.citations).toHaveLength(1);
        expect(done?.timings.retrieveMs).toBeGreaterThan(0);
      });
    } finally {
      await index.remove();
    }
  });

  it('loads only the embedder for ingest: the cross-encoder is never asked for', async () => {
    const index = await createTemporaryDirectory();
    const loads = vi.spyOn(client, 'loadModel');
    try {
      await withRuntime(
        index.directory,
        { EMBED_MODEL: tiny.embedModelId, RERANK_MODEL: tiny.rerankModelId },
        async (runtime) => {
          expect(runtime.index.contents.manifest.dense).toMatchObject({ model: tiny.embedModelId });
          expect(runtime.reranker.name).not.toBe('cross-encoder');
          expect(runtime.models.reranker).toBeNull();
        },
        { loadReranker: false },
      );
      expect(loads.mock.calls.map(([reference]) => reference.kind)).toEqual(['embedder']);
    } finally {
      loads.mockRestore();
      await index.remove();
    }
  });

  it("saves the chunk vectors as a LangChain HNSWLib store that embeds texts through the model worker", async () => {
    const index = await createTemporaryDirectory();
    try {
      const environment = { EMBED_MODEL: tiny.embedModelId, RERANK_MODEL: '' };
      // Built on the first start, loaded from disk on the second: both stores answer LangChain's similaritySearch.
      for (const start of ['built', 'loaded']) {
        await withRuntime(index.directory, environment, async (runtime) => {
          expect(runtime.index.rebuilt).toBe(start === 'built');
          const store = runtime.vectorIndex?.store;
          const chunk = runtime.index.contents.chunks[7];
          const [best] = (await store?.similaritySearch(chunk?.text ?? '', 1)) ?? [];
          expect(best?.pageContent).toBe(chunk?.text);
          expect(best?.metadata).toMatchObject({ recordId: chunk?.recordId, language: chunk?.language, label: chunk?.label });
        });
      }
      // Any LangChain.js app opens the saved folder with HNSWLib.load and finds the chunks by vector.
      const saved = await HNSWLib.load(path.join(index.directory, 'vectors'), new UnavailableEmbeddings());
      const [first] = await saved.similaritySearchVectorWithScore(Array.from({ length: tiny.dimensions }, (_, position) => (position === 0 ? 1 : 0)), 1);
      expect(first?.[0].metadata).toMatchObject({ recordId: expect.any(Number), language: expect.stringMatching(/^(en|zh)$/u) });
    } finally {
      await index.remove();
    }
  });

  it('reuses a fresh index on the next start instead of embedding again', async () => {
    const index = await createTemporaryDirectory();
    try {
      const environment = { EMBED_MODEL: tiny.embedModelId, RERANK_MODEL: '' };
      const builtAt = await withRuntime(index.directory, environment, async (runtime) => runtime.index.contents.manifest.builtAt);
      await withRuntime(index.directory, environment, async (runtime) => {
        expect(runtime.index.rebuilt).toBe(false);
        expect(runtime.index.contents.manifest.builtAt).toBe(builtAt);
        expect(runtime.index.contents.vectors?.size).toBe(runtime.index.contents.chunks.length);
      });
    } finally {
      await index.remove();
    }
  });

  it('rebuilds a lexical-only index once the model is available', async () => {
    const index = await createTemporaryDirectory();
    try {
      await withRuntime(index.directory, { EMBED_MODEL: '', RERANK_MODEL: '' }, async (runtime) => expect(runtime.index.contents.manifest.dense).toBeNull());
      await withRuntime(index.directory, { EMBED_MODEL: tiny.embedModelId, RERANK_MODEL: '' }, async (runtime) => {
        expect(runtime.index.rebuilt).toBe(true);
        expect(runtime.index.reason).toMatch(/no vectors/u);
      });
    } finally {
      await index.remove();
    }
  });
});

describe('createRuntime when models are missing', () => {
  it('says so once per model, quickly, and runs lexically', async () => {
    const index = await createTemporaryDirectory();
    try {
      const started = performance.now();
      await withRuntime(index.directory, { EMBED_MODEL: 'missing/embedder', RERANK_MODEL: 'missing/reranker' }, async (runtime) => {
        expect(runtime.embedder).toBeUndefined();
        expect(runtime.reranker.name).toBe('lexical');
        expect(runtime.modelNotices).toHaveLength(2);
        expect(runtime.modelNotices[0]).toMatch(/missing\/embedder is unavailable[\s\S]*MODELS_DIR[\s\S]*lexical retrieval only/u);
        let done;
        for await (const part of runtime.tutor.ask({ text: 'What are the steps in RAG?' })) if (part.type === 'done') done = part;
        expect(done?.citations).toEqual([36]);
      });
      expect(performance.now() - started).toBeLessThan(10_000);
    } finally {
      await index.remove();
    }
  });
});
