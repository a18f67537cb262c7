import { loadConfig } from '../src/config/index.js';
import { TransformersEmbedder } from '../src/embedding/index.js';
import { chunkRecords, loadCorpus } from '../src/ingest/index.js';
import { ModelWorkerClient } from '../src/inference/index.js';
import { round } from './summarize-latencies.js';

/** How closely q8 vectors follow fp32 ones for the configured embedding model. */
export type DtypeResult =
  | { skipped: string }
  | { model: string; chunks: number; meanCosine: number; minimumCosine: number; fp32MsPerChunk: number; q8MsPerChunk: number };

/**
 * Embeds every chunk of the real corpus with the fp32 and the q8 file of the embedding model and
 * compares the vectors. Needs both files locally (MODELS_DIR or the cache); skipped otherwise. Run in
 * its own process by the bench, because onnxruntime-node allows one worker thread per process.
 */
export async function measureDtype(): Promise<DtypeResult> {
  const config = loadConfig(process.env);
  if (config.embedModel === '') return { skipped: 'EMBED_MODEL is empty' };
  const client = new ModelWorkerClient({ modelsDirectory: config.modelsDirectory, offline: true });
  try {
    const corpus = await loadCorpus(config.corpus);
    const texts = (await chunkRecords(corpus.records)).map((chunk) => chunk.text);
    const vectorsByDtype: Float32Array[][] = [];
    const msPerChunk: number[] = [];
    for (const dtype of ['fp32', 'q8'] as const) {
      let embedder: TransformersEmbedder;
      try {
        embedder = await TransformersEmbedder.load({ client, modelId: config.embedModel, dtype });
      } catch (error) {
        return { skipped: `${config.embedModel} (${dtype}) is not available locally: ${(error as Error).message.split(':')[0]}` };
      }
      const started = performance.now();
      vectorsByDtype.push(await embedder.embedPassages(texts));
      msPerChunk.push((performance.now() - started) / texts.length);
      await embedder.close();
    }
    const cosines = (vectorsByDtype[0] ?? []).map((full, index) => {
      const quantized = vectorsByDtype[1]?.[index] ?? new Float32Array(full.length);
      return full.reduce((sum, value, dimension) => sum + value * (quantized[dimension] ?? 0), 0);
    });
    return {
      model: config.embedModel,
      chunks: texts.length,
      meanCosine: round(cosines.reduce((sum, value) => sum + value, 0) / cosines.length),
      minimumCosine: round(Math.min(...cosines)),
      fp32MsPerChunk: round(msPerChunk[0] ?? 0),
      q8MsPerChunk: round(msPerChunk[1] ?? 0),
    };
  } finally {
    await client.close();
  }
}

if (process.argv[1]?.endsWith('measure-dtype.ts')) {
  process.stdout.write(`${JSON.stringify(await measureDtype())}\n`);
}
