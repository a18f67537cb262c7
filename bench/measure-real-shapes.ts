import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ModelDtype } from '../src/config/index.js';
import { chunkRecords, loadCorpus, type CorpusPaths } from '../src/ingest/index.js';
import type { RealShapeJob } from './real-shape-child.js';
import { ensureRealShapeModels, REAL_SHAPE_MODELS } from './real-shape-models.js';

/** What one configuration costs per question, through the tutor's model worker. */
export interface RealShapeRow {
  embedModel: string;
  rerankModel: string;
  dtype: ModelDtype;
  threads: number;
  spinning: boolean;
  maxPairTokens: number;
  loadMs: { embedder: number; reranker: number };
  queryEmbed: { p50: number; p95: number };
  /** By candidate count. */
  rerank: Record<string, { p50: number; p95: number }>;
  ingestPerChunkMs: number;
  rssMb: { before: number; loaded: number; peak: number };
}

/** The configuration chosen as the default, and what embed + rerank cost per question with it. */
export interface RealShapeDefault {
  embedModel: string;
  rerankModel: string;
  dtype: ModelDtype;
  candidates: number;
  maxPairTokens: number;
  threads: number;
  spinning: boolean;
  totalP50Ms: number;
}

/** The budget for embedding the question and reranking its candidates, per question, p50. */
export const REAL_SHAPE_BUDGET_MS = 150;
const CANDIDATE_COUNTS = [4, 6, 8, 12];

/**
 * Times the configured models at their real shapes (random weights: latencies, not quality) through
 * the tutor's own worker path, tokenization and pooling included: each configuration in a child
 * process, at 1 and 2 intra-op threads. `quick` keeps q8 and two threads only.
 */
export async function measureRealShapes(options: {
  projectRoot: string;
  corpusPaths: CorpusPaths;
  questions: readonly string[];
  cacheDirectory: string;
  quick: boolean;
  say: (text: string) => void;
}): Promise<{ rows: RealShapeRow[]; default: RealShapeDefault | undefined; budgetMs: number }> {
  const corpus = await loadCorpus(options.corpusPaths);
  const texts = [...corpus.records.flatMap((record) => [record.question.en, record.question.zh, record.answer.en, record.answer.zh]), ...options.questions];
  await ensureRealShapeModels(options.cacheDirectory, texts, options.say);
  const passages = corpus.records.flatMap((record) => [`${record.question.en}\n${record.answer.en}`, `${record.question.zh}\n${record.answer.zh}`]);
  const chunks = (await chunkRecords(corpus.records)).slice(0, 100).map((chunk) => chunk.text);
  const embedModel = REAL_SHAPE_MODELS.find((model) => model.kind === 'embedder')?.modelId ?? '';
  const rerankModels = REAL_SHAPE_MODELS.filter((model) => model.kind === 'cross-encoder').map((model) => model.modelId);
  const jobs: Pick<RealShapeRow, 'embedModel' | 'rerankModel' | 'dtype' | 'threads' | 'spinning' | 'maxPairTokens'>[] = [];
  for (const dtype of options.quick ? (['q8'] as const) : (['q8', 'fp32'] as const)) {
    for (const threads of options.quick ? [2] : [1, 2]) {
      for (const rerankModel of rerankModels) {
        jobs.push({ embedModel, rerankModel, dtype, threads, spinning: false, maxPairTokens: 512 });
        // The default's neighbours: shorter pairs, and spinning threads.
        if (dtype === 'q8' && threads === 2) {
          jobs.push({ embedModel, rerankModel, dtype, threads, spinning: false, maxPairTokens: 192 });
          jobs.push({ embedModel, rerankModel, dtype, threads, spinning: true, maxPairTokens: 512 });
        }
      }
    }
  }
  const rows: RealShapeRow[] = [];
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'tutor-real-shape-'));
  try {
    for (const [index, job] of jobs.entries()) {
      options.say(`  ${job.rerankModel} ${job.dtype}, ${job.threads} thread(s)${job.spinning ? ' spinning' : ''}, pairs of ${job.maxPairTokens} tokens`);
      const file = path.join(scratch, `job-${index}.json`);
      const full: RealShapeJob = {
        ...job,
        modelsDirectory: options.cacheDirectory,
        questions: options.questions.slice(0, 30),
        passages,
        chunks,
        candidateCounts: CANDIDATE_COUNTS,
        rerankQuestions: 12,
      };
      await writeFile(file, JSON.stringify(full));
      const measured = JSON.parse(await runChild(options.projectRoot, file)) as Omit<RealShapeRow, keyof typeof job>;
      rows.push({ ...job, ...measured });
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  return { rows, default: chooseDefault(rows), budgetMs: REAL_SHAPE_BUDGET_MS };
}

/**
 * The most accurate configuration within the budget, by an order stated here since random weights
 * cannot measure accuracy: the base-size reranker before the MiniLM-size one, more candidates before
 * fewer, longer pairs before shorter, q8 (what transformers.js downloads) before fp32; among equals,
 * the thread count that measured fastest. Spinning threads come last: in the server they would take
 * the cores the event loop needs, which this isolated measurement cannot see.
 */
export function chooseDefault(rows: readonly RealShapeRow[], budgetMs = REAL_SHAPE_BUDGET_MS): RealShapeDefault | undefined {
  const rerankOrder = REAL_SHAPE_MODELS.filter((model) => model.kind === 'cross-encoder').map((model) => model.modelId);
  const candidates = rows.flatMap((row) =>
    Object.entries(row.rerank).map(([count, latency]) => ({ row, count: Number(count), total: row.queryEmbed.p50 + latency.p50 })),
  );
  const ordered = candidates.sort(
    (left, right) =>
      rerankOrder.indexOf(left.row.rerankModel) - rerankOrder.indexOf(right.row.rerankModel) ||
      // Spinning threads only if nothing else fits: in the server they take the cores the event loop needs.
      Number(left.row.spinning) - Number(right.row.spinning) ||
      right.count - left.count ||
      right.row.maxPairTokens - left.row.maxPairTokens ||
      (left.row.dtype === 'q8' ? 0 : 1) - (right.row.dtype === 'q8' ? 0 : 1) ||
      left.total - right.total,
  );
  const chosen = ordered.find((candidate) => candidate.total <= budgetMs);
  if (!chosen) return undefined;
  const { row, count, total } = chosen;
  return { embedModel: row.embedModel, rerankModel: row.rerankModel, dtype: row.dtype, candidates: count, maxPairTokens: row.maxPairTokens, threads: row.threads, spinning: row.spinning, totalP50Ms: Math.round(total) };
}

async function runChild(projectRoot: string, jobFile: string): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'bench/real-shape-child.ts'), jobFile], {
    cwd: projectRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let errors = '';
  child.stdout.on('data', (data: Buffer) => (output += data.toString()));
  child.stderr.on('data', (data: Buffer) => (errors += data.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const line = output.trim().split('\n').at(-1) ?? '';
  if (code !== 0 || !line.startsWith('{')) throw new Error(`the real-shape measurement failed (exit ${code}):\n${errors}${output}`);
  return line;
}

