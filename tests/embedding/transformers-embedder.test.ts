import { cp } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMBED_BATCH_SIZE, embeddingPrefixes, TransformersEmbedder } from '../../src/embedding/index.js';
import { AbortedError, ModelUnavailableError } from '../../src/errors/index.js';
import { ModelWorkerClient } from '../../src/inference/index.js';
import { createTemporaryDirectory } from '../helpers/temporary-directory.js';
import { createTinyModels } from '../helpers/tiny-models.js';

function dot(left: Float32Array, right: Float32Array): number {
  return left.reduce((sum, value, index) => sum + value * (right[index] ?? 0), 0);
}

describe('embeddingPrefixes', () => {
  it('gives E5 models the query and passage prefixes they were trained with', () => {
    expect(embeddingPrefixes('Xenova/multilingual-e5-small')).toEqual({ query: 'query: ', passage: 'passage: ' });
    expect(embeddingPrefixes('intfloat/E5-base-v2')).toEqual({ query: 'query: ', passage: 'passage: ' });
  });

  it('gives other models no prefix, even when "e5" appears inside a word', () => {
    expect(embeddingPrefixes('Xenova/all-MiniLM-L6-v2')).toEqual({ query: '', passage: '' });
    expect(embeddingPrefixes('someone/cafe5-embedder')).toEqual({ query: '', passage: '' });
  });
});

describe('TransformersEmbedder', () => {
  let temporary: Awaited<ReturnType<typeof createTemporaryDirectory>>;
  let models: Awaited<ReturnType<typeof createTinyModels>>;
  let client: ModelWorkerClient;
  let embedder: TransformersEmbedder;
  const e5ModelId = 'tiny/tiny-e5-embedder';

  beforeAll(async () => {
    temporary = await createTemporaryDirectory('embedder-');
    models = await createTinyModels(temporary.directory);
    // The same weights under an E5 name: its vectors must equal the plain model's on prefixed text.
    await cp(path.join(temporary.directory, models.embedModelId), path.join(temporary.directory, e5ModelId), { recursive: true });
    client = new ModelWorkerClient({ modelsDirectory: temporary.directory, offline: true });
    embedder = await TransformersEmbedder.load({ client, modelId: models.embedModelId, dtype: 'q8' });
  });

  afterAll(async () => {
    await client.close();
    await temporary.remove();
  });

  it('learns its dimensions from the model', () => {
    expect(embedder.dimensions).toBe(models.dimensions);
    expect(embedder.modelId).toBe(models.embedModelId);
  });

  it('embeds a query into a unit-length vector of that dimension', async () => {
    const vector = await embedder.embedQuery('What is self-attention?');
    expect(vector).toBeInstanceOf(Float32Array);
    expect(vector).toHaveLength(models.dimensions);
    expect(Math.sqrt(dot(vector, vector))).toBeCloseTo(1, 5);
  });

  it('gives the same vector for the same text', async () => {
    const first = await embedder.embedQuery('注意力机制是什么？');
    const second = await embedder.embedQuery('注意力机制是什么？');
    expect([...second]).toEqual([...first]);
  });

  it('puts a query closer to a passage sharing its words than to an unrelated one', async () => {
    const query = await embedder.embedQuery('how does attention weigh tokens');
    const [related, unrelated] = await embedder.embedPassages(['attention weighs every token in the sequence', 'a pizza recipe with cheese']);
    expect(dot(query, related as Float32Array)).toBeGreaterThan(dot(query, unrelated as Float32Array) + 0.2);
  });

  it('adds no prefix for a model outside the E5 family', async () => {
    const [asPassage] = await embedder.embedPassages(['transformer layers']);
    expect([...(await embedder.embedQuery('transformer layers'))]).toEqual([...(asPassage as Float32Array)]);
  });

  it('prefixes queries with "query: " and passages with "passage: " for an E5 model', async () => {
    const e5 = await TransformersEmbedder.load({ client, modelId: e5ModelId, dtype: 'q8' });
    const text = 'what is a transformer';
    const [plainQuery, plainPassage] = await embedder.embedPassages([`query: ${text}`, `passage: ${text}`]);
    const e5Query = await e5.embedQuery(text);
    const [e5Passage] = await e5.embedPassages([text]);
    expect(dot(e5Query, plainQuery as Float32Array)).toBeCloseTo(1, 5);
    expect(dot(e5Passage as Float32Array, plainPassage as Float32Array)).toBeCloseTo(1, 5);
    expect(dot(e5Query, e5Passage as Float32Array)).toBeLessThan(0.999);
    await e5.close();
  });

  it('returns vectors in input order across several batches', async () => {
    const texts = Array.from({ length: EMBED_BATCH_SIZE * 2 + 3 }, (_, index) => `model ${index} layer ${index % 7} token ${index % 3}`);
    const batched = await embedder.embedPassages(texts);
    expect(batched).toHaveLength(texts.length);
    for (const [index, text] of texts.entries()) {
      const [alone] = await embedder.embedPassages([text]);
      expect(dot(batched[index] as Float32Array, alone as Float32Array)).toBeCloseTo(1, 5);
    }
  });

  it('returns no vectors for no texts', async () => {
    await expect(embedder.embedPassages([])).resolves.toEqual([]);
  });

  it('rejects with AbortedError when its signal has fired', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(embedder.embedPassages(['a', 'b'], { signal: controller.signal })).rejects.toThrow(AbortedError);
    await expect(embedder.embedQuery('a', { signal: controller.signal })).rejects.toThrow(AbortedError);
  });

  it('fails to load a model that is not there with ModelUnavailableError', async () => {
    const loading = TransformersEmbedder.load({ client, modelId: 'Xenova/multilingual-e5-small', dtype: 'q8' });
    await expect(loading).rejects.toThrow(ModelUnavailableError);
    await expect(loading).rejects.toThrow(/Xenova\/multilingual-e5-small.*not available offline/s);
  });

  it('close() frees its model in the worker but leaves the worker running', async () => {
    const other = await TransformersEmbedder.load({ client, modelId: models.embedModelId, dtype: 'fp32' });
    await other.close();
    expect(client.running).toBe(true);
    await expect(client.unloadModel({ kind: 'embedder', modelId: models.embedModelId, dtype: 'fp32' })).resolves.toBe(false);
  });
});
