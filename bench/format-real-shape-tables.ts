import type { RealShapeDefault, RealShapeRow } from './measure-real-shapes.js';
import type { LoadResult } from './measure-websocket-load.js';

/** The real-shape section of the results: per configuration, the default chosen, and load with it. */
export interface RealShapeResults {
  budgetMs: number;
  rows: RealShapeRow[];
  default: RealShapeDefault | undefined;
  load: LoadResult[];
}

const short = (modelId: string) => modelId.split('/').at(-1) ?? modelId;

/** The real-shape measurements as Markdown tables (README → Performance). */
export function formatRealShapeTables(results: RealShapeResults): string {
  const counts = Object.keys(results.rows[0]?.rerank ?? {});
  const lines = [
    '**Neural path at the real shapes** (random weights with each model\'s exact architecture and vocabulary, through the tutor\'s own model worker: tokenization, pooling and the worker round trip included; latency, not quality)',
    '',
    `| reranker | dtype | threads | pair tokens | load ms (embed / rerank) | query embed p50 ms | ${counts.map((count) => `rerank ${count} p50 / p95 ms`).join(' | ')} | ingest ms per chunk | RSS MB loaded / peak |`,
    `|---|---|---:|---:|---|---:|${counts.map(() => '---|').join('')}---:|---|`,
  ];
  for (const row of results.rows) {
    const rerank = counts.map((count) => `${row.rerank[count]?.p50 ?? '–'} / ${row.rerank[count]?.p95 ?? '–'}`).join(' | ');
    lines.push(`| ${short(row.rerankModel)} | ${row.dtype} | ${row.threads}${row.spinning ? ' (spinning)' : ''} | ${row.maxPairTokens} | ${row.loadMs.embedder} / ${row.loadMs.reranker} | ${row.queryEmbed.p50} | ${rerank} | ${row.ingestPerChunkMs} | ${row.rssMb.loaded} / ${row.rssMb.peak} |`);
  }
  const chosen = results.default;
  lines.push(
    '',
    chosen
      ? `Chosen (embed + rerank ≤ ${results.budgetMs} ms p50 per question): ${short(chosen.embedModel)} + ${short(chosen.rerankModel)}, ${chosen.dtype}, ${chosen.candidates} candidates, pairs of up to ${chosen.maxPairTokens} tokens, ${chosen.threads} threads${chosen.spinning ? ', spinning' : ''}: ${chosen.totalP50Ms} ms.`
      : `No configuration fits ${results.budgetMs} ms per question on this machine.`,
    '',
    '**Load with the default models at their real shapes** (LLM on loopback that answers at once)',
    '',
    '| sessions | pacing | asks | errors | first token p50 / p95 ms | questions per second | reranked lexically (model busy) |',
    '|---:|---|---:|---:|---|---:|---:|',
  );
  for (const level of results.load) {
    lines.push(`| ${level.sessions} | ${level.thinkMs === 0 ? 'back to back' : `one ask every ${level.thinkMs / 1000} s`} | ${level.asks} | ${level.errors} | ${level.firstToken.p50} / ${level.firstToken.p95} | ${level.questionsPerSecond} | ${level.degraded} |`);
  }
  return lines.join('\n');
}
