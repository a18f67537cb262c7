import { createRuntime } from '../runtime/index.js';
import { createProgressBar } from './progress-bar.js';
import { runCommand } from './run-command.js';

/** `npm run ingest`: corpus → records → chunks → embeddings → index/, with a progress bar and a summary. */
await runCommand(async (config, logger) => {
  const started = performance.now();
  const runtime = await createRuntime(config, { logger, forceRebuild: true, onProgress: createProgressBar() });
  try {
    const { corpus, index } = runtime;
    const dense = index.contents.manifest.dense;
    const timings = index.timings;
    const lines = [
      `records      ${corpus.records.length}${corpus.excludedTrailingLines > 0 ? ` (${corpus.excludedTrailingLines} trailing lines after the last answer excluded)` : ''}`,
      `restorations ${corpus.restorationCount} applied from ${config.corpus.restorations}`,
      `gaps         ${corpus.unfilledGaps.length === 0 ? 'none left unrestored' : `${corpus.unfilledGaps.length} NOT restored:`}`,
      ...corpus.unfilledGaps.map((gap) => `  - Q${gap.recordId} ${gap.language} ${gap.field} (${gap.kind}): ${gap.excerpt}`),
      `chunks       ${index.contents.chunks.length}`,
      `dense        ${dense ? `${dense.model} (${dense.dtype}), ${dense.dimensions} dimensions, HNSW M=${dense.m} efConstruction=${dense.efConstruction}` : 'none: lexical index only'}`,
      ...runtime.modelNotices.map((notice) => `  ! ${notice}`),
      `lexical      BM25F over ${index.contents.manifest.lexical.documents} records (English words stemmed, Chinese bigrams)`,
      `index        ${config.indexDirectory}`,
      timings
        ? `time         ${formatMs(performance.now() - started)} (chunk ${formatMs(timings.chunkMs)}, embed ${formatMs(timings.embedMs)}, index ${formatMs(timings.indexMs)}, save ${formatMs(timings.saveMs)})`
        : `time         ${formatMs(performance.now() - started)}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await runtime.close();
  }
});

function formatMs(milliseconds: number): string {
  return milliseconds >= 1000 ? `${(milliseconds / 1000).toFixed(2)} s` : `${milliseconds.toFixed(1)} ms`;
}
