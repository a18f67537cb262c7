import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AbortedError, ModelUnavailableError } from '../../src/errors/index.js';
import { ModelWorkerClient } from '../../src/inference/index.js';
import { CrossEncoderReranker } from '../../src/retrieval/cross-encoder-reranker.js';
import type { RerankCandidate } from '../../src/retrieval/index.js';
import { createTemporaryDirectory } from '../helpers/temporary-directory.js';
import { createTinyModels } from '../helpers/tiny-models.js';

function candidate(recordId: number, passage: string, retrievalScore = 0.5): RerankCandidate {
  return { recordId, question: passage.split('.')[0] ?? passage, passage, retrievalScore };
}

describe('CrossEncoderReranker', () => {
  let temporary: Awaited<ReturnType<typeof createTemporaryDirectory>>;
  let models: Awaited<ReturnType<typeof createTinyModels>>;
  let client: ModelWorkerClient;
  let reranker: CrossEncoderReranker;

  const queryText = 'what is self attention in a transformer';
  const query = { text: queryText, terms: [] };
  const candidates = [
    candidate(1, 'A pizza recipe with cheese.', 0.9),
    candidate(2, 'Self attention in a transformer lets each token attend to every other token.', 0.2),
    candidate(3, 'The weather today is sunny and warm.', 0.7),
    candidate(4, 'Attention weighs value vectors.', 0.4),
  ];

  beforeAll(async () => {
    temporary = await createTemporaryDirectory('reranker-');
    models = await createTinyModels(temporary.directory);
    client = new ModelWorkerClient({ modelsDirectory: temporary.directory, offline: true });
    reranker = await CrossEncoderReranker.load({ client, modelId: models.rerankModelId, dtype: 'q8' });
  });

  afterAll(async () => {
    await client.close();
    await temporary.remove();
  });

  it('still ranks passages by their content for a 4,000-character question: the query side of each pair is capped', async () => {
    // About 800 tokens: uncapped, "[CLS] question [SEP]" alone would fill the model's 512 and every passage would be cut away.
    const long = { text: `${queryText} `.repeat(100).slice(0, 4000), terms: [] };
    const ranked = await reranker.rerank(long, candidates);
    const scores = new Set(ranked.map((entry) => entry.rerankScore.toFixed(6)));
    expect(scores.size).toBe(candidates.length);
    expect(ranked[0]?.recordId).toBe(2);
  });

  it('says its scores are probabilities', () => {
    expect(reranker.scoreKind).toBe('probability');
  });

  it('puts the passage sharing the query words first, whatever the retrieval order', async () => {
    const reranked = await reranker.rerank(query, candidates);
    expect(reranked[0]?.recordId).toBe(2);
    expect(reranked.at(-1)?.recordId).not.toBe(2);
  });

  it('sorts by rerankScore, best first, with every score a probability', async () => {
    const scores = (await reranker.rerank(query, candidates)).map((reranked) => reranked.rerankScore);
    expect(scores).toEqual([...scores].sort((left, right) => right - left));
    for (const score of scores) {
      expect(score).toBeGreaterThanOrEqual(0);
      expect(score).toBeLessThanOrEqual(1);
    }
  });

  it('scores each candidate with the model, in one call, keeping its fields', async () => {
    const reranked = await reranker.rerank(query, candidates);
    const direct = await client.scorePairs({ modelId: models.rerankModelId, dtype: 'q8', query: queryText, passages: candidates.map((item) => item.passage) });
    for (const [index, original] of candidates.entries()) {
      const match = reranked.find((item) => item.recordId === original.recordId);
      expect(match).toMatchObject(original);
      expect(match?.rerankScore).toBeCloseTo(direct[index] ?? Number.NaN, 6);
    }
  });

  it('returns nothing for no candidates', async () => {
    await expect(reranker.rerank(query, [])).resolves.toEqual([]);
  });

  it('rejects with AbortedError when its signal has fired', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(reranker.rerank(query, candidates, { signal: controller.signal })).rejects.toThrow(AbortedError);
  });

  it('fails to load a model that is not there with ModelUnavailableError', async () => {
    const loading = CrossEncoderReranker.load({ client, modelId: 'Xenova/bge-reranker-base', dtype: 'q8' });
    await expect(loading).rejects.toThrow(ModelUnavailableError);
    await expect(loading).rejects.toThrow(/Xenova\/bge-reranker-base/);
  });
});
