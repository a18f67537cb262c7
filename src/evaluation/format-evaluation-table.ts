import type { EvaluationReport } from './run-evaluation.js';

/** The report as a Markdown table (overall, then one row per kind), for people and the README. */
export function formatEvaluationTable(report: EvaluationReport): string {
  const percent = (value: number) => value.toFixed(3);
  const rows = [
    '| kind | n | hit@1 | hit@3 |',
    '|---|---:|---:|---:|',
    ...Object.entries(report.byKind).map(([kind, figures]) => `| ${kind} | ${figures.n} | ${percent(figures.hit1)} | ${percent(figures.hit3)} |`),
    `| **all** | ${report.n} | ${percent(report.hit1)} | ${percent(report.hit3)} |`,
  ];
  const misses = report.cases.filter((result) => !result.hit1);
  const lines = [
    rows.join('\n'),
    '',
    `MRR ${report.mrr.toFixed(3)} · out-of-scope accuracy ${percent(report.outOfScopeAccuracy)} · false refusals ${percent(report.falseRefusalRate)} · false answers ${percent(report.falseAnswerRate)}`,
  ];
  if (misses.length > 0) {
    lines.push('', 'Misses:');
    for (const miss of misses) {
      lines.push(`- ${miss.id} (${miss.kind}): expected ${miss.expect.map((id) => `Q${id}`).join('/') || 'out of scope'}, got ${miss.outOfScope ? 'out of scope' : `Q${miss.citations[0] ?? miss.sources[0] ?? '?'}${miss.scope === 'closest' ? ' (closest)' : ''}`}`);
    }
  }
  return lines.join('\n');
}
