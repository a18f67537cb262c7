import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AbortedError, ModelUnavailableError, TutorError } from '../../src/errors/index.js';
import { ModelWorkerClient } from '../../src/inference/index.js';
import { createTemporaryDirectory } from '../helpers/temporary-directory.js';
import { createTinyModels } from '../helpers/tiny-models.js';

const words = 'the attention model uses query key value vectors to weigh tokens in a sequence'.split(' ');

/** `count` texts of `length` words each: enough tokenizing and inference to keep the worker busy. */
function longTexts(count: number, length: number): string[] {
  return Array.from({ length: count }, (_, text) => Array.from({ length }, (_, word) => words[(text * 7 + word * 3) % words.length]).join(' '));
}

function dot(left: Float32Array, right: Float32Array): number {
  return left.reduce((sum, value, index) => sum + value * (right[index] ?? 0), 0);
}

describe('ModelWorkerClient', () => {
  let temporary: Awaited<ReturnType<typeof createTemporaryDirectory>>;
  let models: Awaited<ReturnType<typeof createTinyModels>>;
  let client: ModelWorkerClient;

  beforeAll(async () => {
    temporary = await createTemporaryDirectory('model-worker-');
    models = await createTinyModels(temporary.directory);
    client = new ModelWorkerClient({ modelsDirectory: temporary.directory, offline: true });
    await client.loadModel({ kind: 'embedder', modelId: models.embedModelId, dtype: 'q8' });
    await client.loadModel({ kind: 'cross-encoder', modelId: models.rerankModelId, dtype: 'q8' });
  });

  afterAll(async () => {
    await client.close();
    await temporary.remove();
  });

  it('embeds texts into unit-length vectors of the model width, one per text', async () => {
    const vectors = await client.embed({ modelId: models.embedModelId, dtype: 'q8', texts: ['what is attention', '注意力机制是什么'] });
    expect(vectors).toHaveLength(2);
    for (const vector of vectors) {
      expect(vector).toHaveLength(models.dimensions);
      expect(Math.sqrt(dot(vector, vector))).toBeCloseTo(1, 5);
    }
  });

  it('scores each pair as a probability, higher for a passage sharing the query words', async () => {
    const scores = await client.scorePairs({
      modelId: models.rerankModelId,
      dtype: 'q8',
      query: 'what is self attention',
      passages: ['pizza with cheese', 'self attention weighs every token'],
    });
    expect(scores).toHaveLength(2);
    for (const score of scores) {
      expect(score).toBeGreaterThanOrEqual(0);
      expect(score).toBeLessThanOrEqual(1);
    }
    expect(scores[1]).toBeGreaterThan(scores[0] ?? 1);
  });

  it('rejects a call whose signal has already fired with AbortedError', async () => {
    const controller = new AbortController();
    controller.abort(new Error('user cancelled'));
    const call = client.embed({ modelId: models.embedModelId, dtype: 'q8', texts: ['x'] }, { signal: controller.signal });
    await expect(call).rejects.toThrow(AbortedError);
    await expect(call).rejects.toThrow('user cancelled');
  });

  it('rejects at once with AbortedError when the signal fires during a long call', async () => {
    const controller = new AbortController();
    const call = client.embed({ modelId: models.embedModelId, dtype: 'q8', texts: longTexts(512, 400) }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    const started = performance.now();
    await expect(call).rejects.toThrow(AbortedError);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('skips a queued request that was cancelled before it started', async () => {
    const controller = new AbortController();
    const started = performance.now();
    const first = client.embed({ modelId: models.embedModelId, dtype: 'q8', texts: longTexts(32, 100) });
    // Several seconds of work if it ran; the call after it would wait for all of it.
    const cancelled = client.embed({ modelId: models.embedModelId, dtype: 'q8', texts: longTexts(2048, 400) }, { signal: controller.signal });
    const last = client.embed({ modelId: models.embedModelId, dtype: 'q8', texts: ['after'] });
    controller.abort();
    await expect(cancelled).rejects.toThrow(AbortedError);
    await Promise.all([first, last]);
    expect(performance.now() - started).toBeLessThan(1500);
  });

  it('keeps the main event loop ticking while the worker computes', async () => {
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 5);
    try {
      await client.embed({ modelId: models.embedModelId, dtype: 'q8', texts: longTexts(128, 400) });
    } finally {
      clearInterval(timer);
    }
    expect(ticks).toBeGreaterThanOrEqual(5);
  });

  it('fails with ModelUnavailableError naming a missing model and how to provide it offline', async () => {
    const started = performance.now();
    const error = await client.loadModel({ kind: 'embedder', modelId: 'tiny/not-there', dtype: 'q8' }).catch((caught: unknown) => caught);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(error).toBeInstanceOf(ModelUnavailableError);
    expect(error).toMatchObject({ modelId: 'tiny/not-there', code: 'MODEL_UNAVAILABLE' });
    expect((error as Error).message).toMatch(/not available offline.*onnx\/model_quantized\.onnx.*MODELS_DIR/s);
  });

  it('refuses to start a second model worker in the same process, saying why', async () => {
    const second = new ModelWorkerClient({ modelsDirectory: temporary.directory, offline: true });
    expect(second.running).toBe(false);
    const error = await second.loadModel({ kind: 'embedder', modelId: models.embedModelId, dtype: 'q8' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ModelUnavailableError);
    expect((error as Error).message).toMatch(/only one thread per process.*share that ModelWorkerClient/s);
    await second.close();
  });

  it('still serves loaded models after a failed load', async () => {
    await client.loadModel({ kind: 'cross-encoder', modelId: 'tiny/also-not-there', dtype: 'q8' }).catch(() => undefined);
    await expect(client.embed({ modelId: models.embedModelId, dtype: 'q8', texts: ['still here'] })).resolves.toHaveLength(1);
  });
});

describe('ModelWorkerClient lifecycle and failures', () => {
  const misbehavingWorker = new URL('./fixtures/misbehaving-model-worker.ts', import.meta.url);
  const load = (client: ModelWorkerClient, modelId: string) => client.loadModel({ kind: 'embedder', modelId, dtype: 'q8' });

  it('close() ends the worker and rejects pending and later calls with AbortedError', async () => {
    const client = new ModelWorkerClient({ workerEntry: misbehavingWorker });
    await load(client, 'fine');
    const pending = load(client, 'silent').catch((error: unknown) => error);
    await client.close();
    expect(client.running).toBe(false);
    expect(await pending).toBeInstanceOf(AbortedError);
    await expect(load(client, 'fine')).rejects.toThrow(AbortedError);
  });

  it('rejects pending calls with ModelUnavailableError when the worker crashes', async () => {
    const client = new ModelWorkerClient({ workerEntry: misbehavingWorker });
    const waiting = load(client, 'silent').catch((error: unknown) => error);
    const crashing = load(client, 'crash').catch((error: unknown) => error);
    expect(await crashing).toMatchObject({ message: expect.stringMatching(/model worker crashed: simulated native failure/) });
    expect(await waiting).toBeInstanceOf(ModelUnavailableError);
    await expect(load(client, 'fine')).rejects.toThrow(/crashed/);
    await client.close();
  });

  it('rejects pending calls when the worker exits', async () => {
    const client = new ModelWorkerClient({ workerEntry: misbehavingWorker });
    await expect(load(client, 'exit')).rejects.toThrow(/exited unexpectedly \(exit code 3\)/);
    expect(client.running).toBe(false);
  });

  it('fails every call when the worker sends a message outside the protocol', async () => {
    const client = new ModelWorkerClient({ workerEntry: misbehavingWorker });
    await expect(load(client, 'garbage')).rejects.toThrow(/broke the protocol/);
    await client.close();
  });

  it('rejects a call whose result is malformed with an internal error', async () => {
    const client = new ModelWorkerClient({ workerEntry: misbehavingWorker });
    const error = await load(client, 'bad-result').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TutorError);
    expect(error).toMatchObject({ code: 'INTERNAL' });
    await expect(load(client, 'fine')).resolves.toEqual({ loadMs: 0 });
    await client.close();
  });
});
