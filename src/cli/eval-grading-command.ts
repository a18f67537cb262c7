import { BadRequestError } from '../errors/index.js';
import { compareGrades, readGradingCases, verdictFor } from '../evaluation/index.js';
import { loadCorpus } from '../ingest/index.js';
import { LexicalGrader } from '../practice/index.js';
import { parseArguments } from './parse-arguments.js';
import { runCommand } from './run-command.js';

/**
 * `npm run eval:grading -- FILE.jsonl [--json] [--fit]`: the lexical grader against a human
 * interviewer's verdicts. `--fit` also prints the thresholds that would grade this file best: fit on
 * the dev set only, never on the held-out one.
 */
await runCommand(async (config) => {
  const { flags, positionals } = parseArguments(process.argv.slice(2), ['--json', '--fit']);
  const [file] = positionals;
  if (!file || positionals.length > 1) throw new BadRequestError('usage: npm run eval:grading -- FILE.jsonl [--json] [--fit]');
  const cases = await readGradingCases(file);
  const corpus = await loadCorpus(config.corpus);
  const grader = new LexicalGrader(corpus.records, corpus.keyPoints, corpus.concepts, { misconceptions: corpus.misconceptions });
  const grades = cases.map((testCase) => grader.grade({ recordId: testCase.recordId, answer: testCase.answer, language: testCase.language }));
  const report = compareGrades(cases, grades);
  const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
  const lines = [
    `${file}: ${report.n} answers · grader lexical`,
    `verdict accuracy ${percent(report.verdictAccuracy)} · strong graded strong ${percent(report.recallByVerdict.strong)} · partial ${percent(report.recallByVerdict.partial)} · missed graded missed ${percent(report.recallByVerdict.missed)}`,
    `better answer scored higher: ${percent(report.orderedPairs.all)} of ${report.orderedPairs.pairs} pairs (strong > partial ${percent(report.orderedPairs.strongOverPartial)}, partial > missed ${percent(report.orderedPairs.partialOverMissed)}, strong > missed ${percent(report.orderedPairs.strongOverMissed)})`,
    '',
    '| kind | n | accuracy |',
    '|---|---:|---:|',
    ...Object.entries(report.byKind).map(([kind, { n, accuracy }]) => `| ${kind} | ${n} | ${percent(accuracy)} |`),
    '',
    `human → grader: ${JSON.stringify(report.confusion)}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (flags.has('--fit')) {
    let best = { strong: 0, partial: 0, accuracy: -1 };
    for (let strong = 0.2; strong <= 0.95; strong += 0.025) {
      for (let partial = 0.05; partial < strong; partial += 0.025) {
        const thresholds = { strong, partial };
        const fitted = compareGrades(cases, grades.map((grade) => ({ score: grade.score, verdict: verdictFor(grade.score, thresholds) })));
        // Balanced: each human verdict counts alike, so the fit does not favour the commonest.
        const balanced = (fitted.recallByVerdict.strong + fitted.recallByVerdict.partial + fitted.recallByVerdict.missed) / 3;
        if (balanced > best.accuracy) best = { strong: Math.round(strong * 1000) / 1000, partial: Math.round(partial * 1000) / 1000, accuracy: balanced };
      }
    }
    process.stdout.write(`\nfitted thresholds (balanced accuracy ${percent(best.accuracy)}): ${JSON.stringify({ strong: best.strong, partial: best.partial })}\n`);
  }
  if (flags.has('--json')) process.stdout.write(`${JSON.stringify(report)}\n`);
});
