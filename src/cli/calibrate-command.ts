import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { BadRequestError } from '../errors/index.js';
import { fitScopeModel, readEvalCases, runEvaluation, type ScopeSample } from '../evaluation/index.js';
import { defaultScopeModel, SCOPE_FEATURES } from '../retrieval/index.js';
import { createRuntime } from '../runtime/index.js';
import { parseArguments } from './parse-arguments.js';
import { runCommand } from './run-command.js';

const modelPath = fileURLToPath(new URL('../retrieval/scope-model.json', import.meta.url));

/**
 * `npm run calibrate -- FILE.jsonl [--write]`: fits the scope model on a calibration set (lexical
 * retrieval, no LLM: the setting the model decides for), prints the weights and the trade-off between
 * false refusals and false answers, and with `--write` saves them to `src/retrieval/scope-model.json`.
 */
await runCommand(async (config, logger) => {
  const { flags, positionals } = parseArguments(process.argv.slice(2), ['--write']);
  const [file] = positionals;
  if (!file || positionals.length > 1) throw new BadRequestError('usage: npm run calibrate -- FILE.jsonl [--write]');
  const cases = await readEvalCases(file);
  // The model decides for the offline default: lexical retrieval and rerank, no LLM. Evidence depends
  // a little on the current model (which sentence of a message is answered), so a second run settles it.
  const runtime = await createRuntime({ ...config, llm: undefined, embedModel: '', rerankModel: '' }, { logger });
  try {
    const report = await runEvaluation(runtime.tutor, cases);
    const samples: ScopeSample[] = report.cases.flatMap((result) =>
      result.evidence ? [{ evidence: result.evidence, inScope: result.expect.length > 0, rightRecord: result.expect.includes(result.sources[0] ?? -1) }] : [],
    );
    const fit = fitScopeModel(samples);
    const lines = [
      `${file}: ${samples.length} cases with retrieval (${samples.filter((sample) => sample.inScope).length} in scope)`,
      '',
      '| feature | weight |',
      '|---|---:|',
      ...SCOPE_FEATURES.map((feature, index) => `| ${feature} | ${fit.weights[index]} |`),
      `| (bias) | ${fit.bias} |`,
      '',
      `L2 ${fit.l2}, chosen by 5-fold cross-validation: ${fit.crossValidation.map((entry) => `${entry.l2} → ${entry.accuracy.toFixed(3)}`).join(', ')}`,
      '',
      '| refuse below | false refusals | false answers | right citation or refusal |',
      '|---:|---:|---:|---:|',
      ...fit.table.map((row) => `| ${row.threshold.toFixed(2)} | ${row.falseRefusalRate.toFixed(3)} | ${row.falseAnswerRate.toFixed(3)} | ${row.accuracy.toFixed(3)} |`),
      '',
      `chosen: answer ≥ ${fit.thresholds.answer}, closest ≥ ${fit.thresholds.closest}, with an LLM refuse below ${fit.thresholds.lenient}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    if (flags.has('--write')) {
      const model = { ...defaultScopeModel, calibratedOn: file, weights: fit.weights, bias: fit.bias, thresholds: fit.thresholds };
      await writeFile(modelPath, `${JSON.stringify(model, null, 2)}\n`);
      process.stdout.write(`wrote ${modelPath}\n`);
    }
  } finally {
    await runtime.close();
  }
});
