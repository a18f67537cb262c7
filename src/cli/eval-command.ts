import { BadRequestError } from '../errors/index.js';
import { formatEvaluationTable, readEvalCases, runEvaluation } from '../evaluation/index.js';
import { createRuntime } from '../runtime/index.js';
import { parseArguments } from './parse-arguments.js';
import { runCommand } from './run-command.js';

/** `npm run eval -- FILE.jsonl [--json]`: retrieval and answer quality on an eval file. */
await runCommand(async (config, logger) => {
  const { flags, positionals } = parseArguments(process.argv.slice(2), ['--json']);
  const [file] = positionals;
  if (!file || positionals.length > 1) throw new BadRequestError('usage: npm run eval -- FILE.jsonl [--json]');
  const cases = await readEvalCases(file);
  const runtime = await createRuntime(config, { logger });
  try {
    const report = await runEvaluation(runtime.tutor, cases);
    const retrieval = runtime.embedder ? `hybrid (${runtime.embedder.modelId})` : 'lexical only';
    process.stdout.write(`${file}: ${report.n} cases · retrieval ${retrieval} · rerank ${runtime.reranker.name} · answers ${runtime.tutor.generationMode}\n\n`);
    process.stdout.write(`${formatEvaluationTable(report)}\n`);
    if (flags.has('--json')) process.stdout.write(`${JSON.stringify(report)}\n`);
  } finally {
    await runtime.close();
  }
});
