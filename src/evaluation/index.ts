export { readEvalCases, type EvalCase } from './read-eval-cases.js';
export { runEvaluation, type EvaluationReport, type CaseResult } from './run-evaluation.js';
export { formatEvaluationTable } from './format-evaluation-table.js';
export { fitScopeModel, tradeOff, type ScopeSample, type ScopeFit, type TradeOffRow } from './fit-scope-model.js';
export { readGradingCases, compareGrades, verdictFor, type GradingCase, type GradingReport } from './run-grading-evaluation.js';
