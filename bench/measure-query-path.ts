import { readFile } from 'node:fs/promises';
import type { TutorRuntime } from '../src/runtime/index.js';
import type { RunningServer } from '../src/server/index.js';
import { round, summarizeLatencies, type LatencySummary } from './summarize-latencies.js';

/** Latencies of the query path without generation. */
export interface QueryPathResult {
  questions: number;
  passes: number;
  retrieve: LatencySummary;
  rerank: LatencySummary;
  retrieveAndRerank: LatencySummary;
  /** The whole retrieval pipeline as one call: analyse, retrieve, rerank, decide the scope. */
  pipeline: LatencySummary;
  askTotal: LatencySummary;
  httpSearch: LatencySummary;
}

/** The single-turn questions of an eval file. */
export async function readQuestions(evalPath: string): Promise<string[]> {
  return (await readFile(evalPath, 'utf8'))
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { turns: string[] })
    .filter((evalCase) => evalCase.turns.length === 1)
    .map((evalCase) => evalCase.turns[0] ?? '');
}

/** Runs every question through the tutor (extractive, so generation costs next to nothing) and through GET /api/search, one client. */
export async function measureQueryPath(runtime: TutorRuntime, server: RunningServer, questions: readonly string[], passes = 10): Promise<QueryPathResult> {
  const retrieve: number[] = [];
  const rerank: number[] = [];
  const both: number[] = [];
  const pipeline: number[] = [];
  const total: number[] = [];
  const http: number[] = [];
  // One warm-up pass: JIT and caches, as a running server has them.
  for (const question of questions) for await (const _part of runtime.tutor.ask({ text: question })) void _part;
  for (let pass = 0; pass < passes; pass += 1) {
    for (const question of questions) {
      for await (const part of runtime.tutor.ask({ text: question })) {
        if (part.type !== 'done') continue;
        retrieve.push(part.timings.retrieveMs);
        rerank.push(part.timings.rerankMs);
        both.push(part.timings.retrieveMs + part.timings.rerankMs);
        total.push(part.timings.totalMs);
      }
      let started = performance.now();
      await runtime.pipeline.run(runtime.pipeline.analyze(question));
      pipeline.push(performance.now() - started);
      started = performance.now();
      const response = await fetch(`${server.url}/api/search?q=${encodeURIComponent(question)}&k=5`);
      await response.arrayBuffer();
      http.push(performance.now() - started);
    }
  }
  const summarize = (values: number[]) => {
    const summary = summarizeLatencies(values);
    return { count: summary.count, p50: round(summary.p50), p95: round(summary.p95), p99: round(summary.p99), max: round(summary.max) };
  };
  return {
    questions: questions.length,
    passes,
    retrieve: summarize(retrieve),
    rerank: summarize(rerank),
    retrieveAndRerank: summarize(both),
    pipeline: summarize(pipeline),
    askTotal: summarize(total),
    httpSearch: summarize(http),
  };
}
