import { loadConfig } from '../src/config/index.js';
import { readEvalCases, runEvaluation } from '../src/evaluation/index.js';
import { ModelWorkerClient } from '../src/inference/index.js';
import { createLogger, createRuntime } from '../src/runtime/index.js';
import { createTinyModels } from '../tests/helpers/tiny-models.js';
import { createTemporaryDirectory } from '../tests/helpers/temporary-directory.js';
import { round, summarizeLatencies } from './summarize-latencies.js';

/** Quality and cost of one retrieval configuration on an eval file. */
export interface RetrievalModeResult {
  mode: 'lexical' | 'hybrid' | 'hybrid+rerank';
  hit1: number;
  hit3: number;
  retrieveAndRerankP50Ms: number;
  retrieveAndRerankP95Ms: number;
}

/**
 * Lexical only, hybrid (lexical + dense), and hybrid with a cross-encoder, on the same eval file.
 * No real model can be downloaded here, so the dense and rerank models are the tiny generated test
 * models: the latency they add is real pipeline cost (worker round trip, ONNX session, fusion), while
 * their quality says nothing about the real multilingual models.
 */
export async function measureRetrievalModes(evalPath: string): Promise<RetrievalModeResult[]> {
  const models = await createTemporaryDirectory('tutor-bench-models-');
  const cases = await readEvalCases(evalPath);
  const questions = cases.filter((evalCase) => evalCase.turns.length === 1).map((evalCase) => evalCase.turns[0] ?? '');
  try {
    const tiny = await createTinyModels(models.directory);
    const settings: [RetrievalModeResult['mode'], Record<string, string>][] = [
      ['lexical', { EMBED_MODEL: '', RERANK_MODEL: '' }],
      ['hybrid', { EMBED_MODEL: tiny.embedModelId, RERANK_MODEL: '' }],
      ['hybrid+rerank', { EMBED_MODEL: tiny.embedModelId, RERANK_MODEL: tiny.rerankModelId }],
    ];
    const results: RetrievalModeResult[] = [];
    // One worker for the three runtimes (see ModelWorkerClient).
    const client = new ModelWorkerClient({ modelsDirectory: models.directory, offline: true });
    try {
    for (const [mode, environment] of settings) {
      const index = await createTemporaryDirectory('tutor-bench-index-');
      const config = loadConfig({ INDEX_DIR: index.directory, MODELS_DIR: models.directory, MODELS_OFFLINE: '1', EMBED_DTYPE: 'fp32', RERANK_DTYPE: 'fp32', ...environment });
      const runtime = await createRuntime(config, { logger: createLogger('silent'), modelClient: client });
      if (mode !== 'lexical' && !runtime.embedder) throw new Error(`the tiny model did not load for ${mode}: ${runtime.modelNotices.join('; ')}`);
      try {
        const report = await runEvaluation(runtime.tutor, cases);
        const latencies: number[] = [];
        for (let pass = 0; pass < 3; pass += 1) {
          for (const question of questions) {
            for await (const part of runtime.tutor.ask({ text: question })) {
              if (part.type === 'done') latencies.push(part.timings.retrieveMs + part.timings.rerankMs);
            }
          }
        }
        const summary = summarizeLatencies(latencies);
        results.push({ mode, hit1: round(report.hit1), hit3: round(report.hit3), retrieveAndRerankP50Ms: round(summary.p50), retrieveAndRerankP95Ms: round(summary.p95) });
      } finally {
        await runtime.close();
        await index.remove();
      }
    }
    } finally {
      await client.close();
    }
    return results;
  } finally {
    await models.remove();
  }
}
