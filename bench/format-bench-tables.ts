import { round } from './summarize-latencies.js';
import type { IngestResult } from './measure-ingest.js';
import type { QueryPathResult } from './measure-query-path.js';
import type { DtypeResult } from './measure-dtype.js';
import type { RetrievalModeResult } from './measure-retrieval-modes.js';
import type { ScaleResult } from './measure-scale.js';
import type { InstallSize } from './measure-install-size.js';
import type { PracticeRoundResult } from './measure-practice-round.js';
import type { LoadResult } from './measure-websocket-load.js';

/** Everything one bench run measured. */
export interface BenchResults {
  machine: { cpus: number; cpuModel: string; memoryGb: number; node: string; platform: string };
  date: string;
  ingest: IngestResult & { coldStartMs: number[] };
  queryPath: QueryPathResult;
  load: LoadResult[];
  modes: RetrievalModeResult[];
  dtype: DtypeResult;
  scale: ScaleResult[];
  tuning: ScaleResult[];
  install: InstallSize;
  practice: PracticeRoundResult;
  totalSeconds: number;
}

const median = (values: readonly number[]) => [...values].sort((left, right) => left - right)[Math.floor(values.length / 2)] ?? 0;

/** The results as Markdown tables, the form the README's Performance section uses. */
export function formatBenchTables(results: BenchResults): string {
  const { ingest, queryPath, load, modes, scale, machine } = results;
  const lines: string[] = [];
  lines.push(`Machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGb} GiB, Node ${machine.node}, ${machine.platform}; ${results.totalSeconds} s in all.`, '');
  lines.push('**Ingest** (real corpus)', '', '| records | chunks | embedder | parse ms | chunk ms | embed ms | index ms | save ms | cold start to /healthz ms (median of 3) |', '|---:|---:|---|---:|---:|---:|---:|---:|---:|');
  lines.push(`| ${ingest.records} | ${ingest.chunks} | ${ingest.embedder} | ${ingest.parseMs} | ${ingest.chunkMs} | ${ingest.embedMs} | ${ingest.indexMs} | ${ingest.saveMs} | ${median(ingest.coldStartMs)} |`, '');
  lines.push(`**Query path** (${queryPath.questions} dev questions × ${queryPath.passes}, one client, lexical default)`, '', '| step | p50 ms | p95 ms | p99 ms |', '|---|---:|---:|---:|');
  for (const [name, summary] of [
    ['retrieve', queryPath.retrieve],
    ['rerank', queryPath.rerank],
    ['retrieve + rerank', queryPath.retrieveAndRerank],
    ['pipeline: analyse, retrieve, rerank, scope', queryPath.pipeline],
    ['whole ask (extractive)', queryPath.askTotal],
    ['GET /api/search (HTTP round trip)', queryPath.httpSearch],
  ] as const) {
    lines.push(`| ${name} | ${summary.p50} | ${summary.p95} | ${summary.p99} |`);
  }
  lines.push('', '**Websocket overhead and load** (LLM on loopback that answers at once; 5 asks per session; "back to back": each session asks again as soon as an answer is done, "paced": once a second)', '', '| sessions | pacing | asks | errors | first token p50 / p95 / p99 ms | done p50 / p95 / p99 ms | LLM alone, first token p50 ms | tutor CPU ms per ask | server peak RSS MB |', '|---:|---|---:|---:|---|---|---:|---:|---:|');
  for (const level of load) {
    const pacing = level.thinkMs === 0 ? 'back to back' : `paced ${level.thinkMs} ms`;
    lines.push(`| ${level.sessions} | ${pacing} | ${level.asks} | ${level.errors} | ${level.firstToken.p50} / ${level.firstToken.p95} / ${level.firstToken.p99} | ${level.done.p50} / ${level.done.p95} / ${level.done.p99} | ${level.llmDirectFirstToken.p50} | ${level.serverCpuMsPerAsk} | ${level.serverPeakRssMb} |`);
  }
  lines.push('', '**Retrieval modes** on eval/dev.jsonl (dense and rerank models: the tiny generated test models)', '', '| mode | hit@1 | hit@3 | retrieve + rerank p50 ms | p95 ms |', '|---|---:|---:|---:|---:|');
  for (const mode of modes) lines.push(`| ${mode.mode} | ${mode.hit1} | ${mode.hit3} | ${mode.retrieveAndRerankP50Ms} | ${mode.retrieveAndRerankP95Ms} |`);
  lines.push('', '**Embedding dtype** (fp32 against q8 on every chunk of the corpus)', '');
  const { dtype } = results;
  lines.push('skipped' in dtype ? `Skipped: ${dtype.skipped}.` : `${dtype.model}, ${dtype.chunks} chunks: cosine(fp32, q8) mean ${dtype.meanCosine}, minimum ${dtype.minimumCosine}; ${dtype.fp32MsPerChunk} ms per chunk in fp32, ${dtype.q8MsPerChunk} in q8.`);
  lines.push('', `**Scale** (synthetic clustered 384-d vectors; HNSW M=${scale[0]?.hnsw.m}, efConstruction=${scale[0]?.hnsw.efConstruction}, efSearch=${scale[0]?.hnsw.efSearch})`, '', '| chunks | HNSW build ms | index size MB | query p50 / p95 ms | via LangChain similaritySearchVectorWithScore p50 ms | recall@10 | exact query p50 ms | speed-up | BM25 build ms | BM25 query p50 ms |', '|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|');
  for (const size of scale) {
    lines.push(`| ${size.chunks} | ${size.buildMs} | ${size.heapAndNativeMb} | ${size.queryP50Ms} / ${size.queryP95Ms} | ${size.langChainQueryP50Ms} | ${size.recallAt10} | ${size.exactQueryP50Ms} | ${size.speedup}× | ${size.lexicalBuildMs} | ${size.lexicalQueryP50Ms} |`);
  }
  lines.push('', '**HNSW tuning** (10,000 chunks; the row with M=16, efConstruction=200, efSearch=64 is the default)', '', '| M | efConstruction | efSearch | build ms | index size MB | query p50 ms | recall@10 |', '|---:|---:|---:|---:|---:|---:|---:|');
  for (const run of results.tuning) {
    lines.push(`| ${run.hnsw.m} | ${run.hnsw.efConstruction} | ${run.hnsw.efSearch} | ${run.buildMs} | ${run.heapAndNativeMb} | ${run.queryP50Ms} | ${run.recallAt10} |`);
  }
  const { install, practice } = results;
  lines.push('', `**Practice rounds** (${practice.rounds} answers of eval/grading-dev.jsonl, one websocket session on loopback)`, '', '| step | p50 ms | p95 ms | p99 ms |', '|---|---:|---:|---:|');
  lines.push(`| grade (lexical, in process) | ${round(practice.grade.p50)} | ${round(practice.grade.p95)} | ${round(practice.grade.p99)} |`);
  lines.push(`| practice.next → practice.question | ${round(practice.next.p50)} | ${round(practice.next.p95)} | ${round(practice.next.p99)} |`);
  lines.push(`| practice.answer → practice.grade (grade, FSRS, SQLite) | ${round(practice.answer.p50)} | ${round(practice.answer.p95)} | ${round(practice.answer.p99)} |`);
  lines.push('', `**Install size**: node_modules ${install.totalMb} MB, of which LangChain ${install.langChainMb} MB (${install.langChainPackages.join(', ')}).`);
  return lines.join('\n');
}
