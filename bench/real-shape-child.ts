/**
 * One configuration of the real-shape bench, in a process of its own (onnxruntime-node runs in one
 * worker thread per process, and thread settings are per session): loads the embedder and the
 * cross-encoder through the tutor's own model worker, then times what a question costs. Reads its
 * job from the JSON file named by argv[2]; prints one JSON line.
 */
import { readFile } from 'node:fs/promises';
import type { ModelDtype } from '../src/config/index.js';
import { ModelWorkerClient } from '../src/inference/index.js';
import { round, summarizeLatencies } from './summarize-latencies.js';

/** What the parent asks of the child. */
export interface RealShapeJob {
  modelsDirectory: string;
  embedModel: string;
  rerankModel: string;
  dtype: ModelDtype;
  threads: number;
  /** Idle onnxruntime threads spin (MODEL_SPINNING=1). */
  spinning?: boolean;
  maxPairTokens: number;
  candidateCounts: number[];
  /** Learners' questions, as asked. */
  questions: string[];
  /** Record passages (question and answer) as the reranker gets them. */
  passages: string[];
  /** Chunks to embed, as ingest does. */
  chunks: string[];
  /** How many questions each rerank size is timed on. */
  rerankQuestions: number;
}

const job = JSON.parse(await readFile(process.argv[2] ?? '', 'utf8')) as RealShapeJob;
const client = new ModelWorkerClient({
  modelsDirectory: job.modelsDirectory,
  offline: true,
  inference: { intraOpThreads: job.threads, spinning: job.spinning ?? false, maxQueryTokens: 96, maxPairTokens: job.maxPairTokens },
});
const rssBefore = process.memoryUsage().rss;
const embedLoad = await client.loadModel({ kind: 'embedder', modelId: job.embedModel, dtype: job.dtype });
const rerankLoad = await client.loadModel({ kind: 'cross-encoder', modelId: job.rerankModel, dtype: job.dtype });
const rssLoaded = process.memoryUsage().rss;

const time = async (work: () => Promise<unknown>) => {
  const started = performance.now();
  await work();
  return performance.now() - started;
};
// Warm-up: the first runs allocate and plan.
for (const question of job.questions.slice(0, 3)) {
  await client.embed({ modelId: job.embedModel, dtype: job.dtype, texts: [`query: ${question}`] });
  await client.scorePairs({ modelId: job.rerankModel, dtype: job.dtype, query: question, passages: job.passages.slice(0, 4) });
}
const queryEmbed: number[] = [];
for (const question of job.questions) queryEmbed.push(await time(() => client.embed({ modelId: job.embedModel, dtype: job.dtype, texts: [`query: ${question}`] })));
const rerank: Record<string, ReturnType<typeof summarizeLatencies>> = {};
for (const count of job.candidateCounts) {
  const samples: number[] = [];
  for (const [index, question] of job.questions.slice(0, job.rerankQuestions).entries()) {
    // Different passages for each question, as different candidates come back for different questions.
    const passages = Array.from({ length: count }, (_, offset) => job.passages[(index * 7 + offset) % job.passages.length] ?? '');
    samples.push(await time(() => client.scorePairs({ modelId: job.rerankModel, dtype: job.dtype, query: question, passages })));
  }
  rerank[count] = summarizeLatencies(samples);
}
const ingestMs = await time(() => client.embed({ modelId: job.embedModel, dtype: job.dtype, texts: job.chunks.map((chunk) => `passage: ${chunk}`) }));
const rssPeak = process.memoryUsage().rss;
await client.close();

const summary = (values: ReturnType<typeof summarizeLatencies>) => ({ p50: round(values.p50), p95: round(values.p95) });
process.stdout.write(
  `${JSON.stringify({
    loadMs: { embedder: round(embedLoad.loadMs), reranker: round(rerankLoad.loadMs) },
    queryEmbed: summary(summarizeLatencies(queryEmbed)),
    rerank: Object.fromEntries(Object.entries(rerank).map(([count, values]) => [count, summary(values)])),
    ingestPerChunkMs: round(ingestMs / job.chunks.length),
    rssMb: { before: Math.round(rssBefore / 1e6), loaded: Math.round(rssLoaded / 1e6), peak: Math.round(rssPeak / 1e6) },
  })}\n`,
);
