import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEncoderGraph, type EncoderShape } from '../../bench/real-shape-graph.js';
import { buildUnigramTokenizerFiles } from '../../bench/real-shape-tokenizer.js';
import { chooseDefault, type RealShapeRow } from '../../bench/measure-real-shapes.js';
import { ModelWorkerClient } from '../../src/inference/index.js';
import { createTemporaryDirectory } from '../helpers/temporary-directory.js';

// The bench's real-shape graphs, at a small size: the same builder, so the bench's figures come from graphs that run.
const texts = ['What are the steps in RAG? Retrieve, rerank, generate.', '检索增强生成的步骤是什么？检索、重排、生成。'];
let temporary: Awaited<ReturnType<typeof createTemporaryDirectory>>;
let client: ModelWorkerClient;

async function writeModel(name: string, shape: EncoderShape, config: Record<string, unknown>): Promise<void> {
  const folder = path.join(temporary.directory, 'shape', name);
  await mkdir(path.join(folder, 'onnx'), { recursive: true });
  for (const [file, contents] of Object.entries(buildUnigramTokenizerFiles(texts, shape.vocabulary, 512))) await writeFile(path.join(folder, file), contents);
  await writeFile(path.join(folder, 'config.json'), JSON.stringify({ hidden_size: shape.hidden, num_hidden_layers: shape.layers, num_attention_heads: shape.heads, vocab_size: shape.vocabulary, ...config }));
  await writeFile(path.join(folder, 'onnx/model.onnx'), buildEncoderGraph(shape, false, 1));
  await writeFile(path.join(folder, 'onnx/model_quantized.onnx'), buildEncoderGraph(shape, true, 1));
}

beforeAll(async () => {
  temporary = await createTemporaryDirectory('real-shape-');
  const base = { layers: 2, hidden: 32, heads: 4, intermediate: 64, vocabulary: 2000, maxPositions: 514 };
  await writeModel('embedder', { ...base, tokenTypes: true, head: 'hidden-states' }, { architectures: ['BertModel'], model_type: 'bert' });
  await writeModel('reranker', { ...base, tokenTypes: false, head: 'relevance' }, { architectures: ['XLMRobertaForSequenceClassification'], model_type: 'xlm-roberta', id2label: { 0: 'LABEL_0' } });
  client = new ModelWorkerClient({ modelsDirectory: temporary.directory, offline: true });
});
afterAll(async () => {
  await client.close();
  await temporary.remove();
});

describe('the real-shape graphs of the bench', () => {
  it('run through the tutor\'s model worker in fp32 and q8: an embedder and a cross-encoder', async () => {
    for (const dtype of ['fp32', 'q8'] as const) {
      const [vector] = await client.embed({ modelId: 'shape/embedder', dtype, texts: ['query: What are the steps in RAG?'] });
      expect(vector).toHaveLength(32);
      const scores = await client.scorePairs({ modelId: 'shape/reranker', dtype, query: 'What is RAG?', passages: texts });
      expect(scores).toHaveLength(2);
      for (const score of scores) expect(score).toBeGreaterThan(0);
    }
  });

  it('choose the most preferred configuration within the budget', () => {
    const row = (rerankModel: string, rerank: Record<string, number>): RealShapeRow => ({
      embedModel: 'Xenova/multilingual-e5-small',
      rerankModel,
      dtype: 'q8',
      threads: 2,
      spinning: false,
      maxPairTokens: 512,
      loadMs: { embedder: 1, reranker: 1 },
      queryEmbed: { p50: 10, p95: 12 },
      rerank: Object.fromEntries(Object.entries(rerank).map(([count, p50]) => [count, { p50, p95: p50 }])),
      ingestPerChunkMs: 1,
      rssMb: { before: 1, loaded: 1, peak: 1 },
    });
    const rows = [row('Xenova/bge-reranker-base', { 4: 200, 8: 400 }), row('cross-encoder/mmarco-mMiniLMv2-L12-H384-v1', { 4: 80, 8: 150 })];
    expect(chooseDefault(rows, 150)).toMatchObject({ rerankModel: 'cross-encoder/mmarco-mMiniLMv2-L12-H384-v1', candidates: 4, totalP50Ms: 90 });
    expect(chooseDefault(rows, 500)).toMatchObject({ rerankModel: 'Xenova/bge-reranker-base', candidates: 8 });
    expect(chooseDefault(rows, 50)).toBeUndefined();
    // Spinning threads only when nothing else fits.
    const spinning = { ...row('cross-encoder/mmarco-mMiniLMv2-L12-H384-v1', { 4: 60, 8: 120 }), spinning: true };
    expect(chooseDefault([...rows, spinning], 150)).toMatchObject({ candidates: 4, spinning: false });
    expect(chooseDefault([...rows, spinning], 85)).toMatchObject({ candidates: 4, spinning: true });
  });
});
