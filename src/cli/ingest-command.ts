import { BadRequestError } from '../errors/index.js';
import { OpenAiChatModel } from '../generation/index.js';
import { loadCorpus } from '../ingest/index.js';
import { createRuntime } from '../runtime/index.js';
import { expandPhrasings } from './expand-phrasings.js';
import { parseArguments } from './parse-arguments.js';
import { createProgressBar } from './progress-bar.js';
import { runCommand } from './run-command.js';

/**
 * `npm run ingest [-- --expand] [--fetch-reranker]`: corpus → records → chunks → embeddings → index/,
 * with a progress bar and a summary. With `--expand` (an LLM configured), first drafts phrasings for
 * records that have few. With `--fetch-reranker`, also fetches the cross-encoder (ingest never uses it).
 */
await runCommand(async (config, logger) => {
  const { flags, positionals } = parseArguments(process.argv.slice(2), ['--expand', '--fetch-reranker']);
  if (positionals.length > 0) throw new BadRequestError('usage: npm run ingest [-- --expand] [--fetch-reranker]');
  const started = performance.now();
  if (flags.has('--expand')) {
    if (!config.llm) throw new BadRequestError('--expand drafts phrasings with the language model: set LLM_BASE_URL (and LLM_MODEL)');
    const corpus = await loadCorpus(config.corpus);
    const summary = await expandPhrasings(corpus, new OpenAiChatModel(config.llm), config.corpus.phrasings, (recordId, drafted) => {
      process.stdout.write(`drafted      Q${recordId}: ${drafted} phrasings\n`);
    });
    process.stdout.write(`drafted      ${summary.drafted} phrasings for ${summary.records} records into ${config.corpus.phrasings} (marked "draft": true, for review)\n`);
  }
  // Ingest only embeds; --fetch-reranker also loads (downloads) the cross-encoder, for an image built to run offline.
  const runtime = await createRuntime(config, { logger, forceRebuild: true, loadReranker: flags.has('--fetch-reranker'), onProgress: createProgressBar() });
  try {
    const { corpus, index } = runtime;
    const dense = index.contents.manifest.dense;
    const timings = index.timings;
    const lines = [
      `records      ${corpus.records.length}${corpus.excludedTrailingLines > 0 ? ` (${corpus.excludedTrailingLines} trailing lines after the last answer excluded)` : ''}`,
      `restorations ${corpus.restorationCount} applied from ${config.corpus.restorations}`,
      `phrasings    ${corpus.phrasings.length} from ${config.corpus.phrasings}${draftNote(corpus.phrasings.filter((phrasing) => phrasing.draft).length)}`,
      `concepts     ${corpus.concepts.length} from ${config.corpus.concepts}`,
      `gaps         ${corpus.unfilledGaps.length === 0 ? 'none left unrestored' : `${corpus.unfilledGaps.length} NOT restored:`}`,
      ...corpus.unfilledGaps.map((gap) => `  - Q${gap.recordId} ${gap.language} ${gap.field} (${gap.kind}): ${gap.excerpt}`),
      `chunks       ${index.contents.chunks.length}`,
      `dense        ${dense ? `${dense.model} (${dense.dtype}), ${dense.dimensions} dimensions, HNSW M=${dense.m} efConstruction=${dense.efConstruction}` : 'none: lexical index only'}`,
      ...runtime.modelNotices.map((notice) => `  ! ${notice}`),
      `lexical      BM25F over ${index.contents.manifest.lexical.documents} records: question, answer, phrasings, concepts (English stems, Chinese words)`,
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

function draftNote(drafts: number): string {
  return drafts === 0 ? '' : ` (${drafts} drafts awaiting review)`;
}

function formatMs(milliseconds: number): string {
  return milliseconds >= 1000 ? `${(milliseconds / 1000).toFixed(2)} s` : `${milliseconds.toFixed(1)} ms`;
}
