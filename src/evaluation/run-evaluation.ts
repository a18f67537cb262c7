import type { ScopeEvidence } from '../retrieval/index.js';
import { AnswerCollector, type ConversationTurn, type DonePart, type Scope, type Tutor } from '../tutor/index.js';
import type { EvalCase } from './read-eval-cases.js';

/** The outcome of one case, as `npm run eval -- --json` reports it. */
export interface CaseResult {
  id: string;
  kind: string;
  expect: number[];
  citations: number[];
  sources: number[];
  outOfScope: boolean;
  scope: Scope;
  /** The scope model's probability and its evidence, when retrieval ran. */
  probability?: number;
  evidence?: ScopeEvidence;
  hit1: boolean;
  hit3: boolean;
  reciprocalRank: number;
}

/** Rates over a set of cases, fractions from 0 to 1. */
export interface EvaluationReport {
  n: number;
  hit1: number;
  hit3: number;
  mrr: number;
  outOfScopeAccuracy: number;
  /** In-scope cases answered out of scope, over in-scope cases. */
  falseRefusalRate: number;
  /** Out-of-scope cases answered with a citation, over out-of-scope cases. */
  falseAnswerRate: number;
  byKind: Record<string, { n: number; hit1: number; hit3: number }>;
  cases: CaseResult[];
}

/**
 * Runs every case through the tutor as a conversation (each turn sees the earlier ones) and scores
 * the last turn: hit@1 on the first citation (or, with none, the first source), hit@3 and the
 * reciprocal rank on the sources; for a case that expects nothing, a hit is an out-of-scope answer
 * without citations.
 */
export async function runEvaluation(tutor: Tutor, cases: readonly EvalCase[], signal?: AbortSignal): Promise<EvaluationReport> {
  const results: CaseResult[] = [];
  for (const evalCase of cases) {
    const history: ConversationTurn[] = [];
    let collector = new AnswerCollector();
    for (const text of evalCase.turns) {
      collector = new AnswerCollector();
      for await (const part of tutor.ask({ text, mode: evalCase.mode, history, ...(signal ? { signal } : {}) })) collector.push(part);
      history.push(...collector.turns(text));
    }
    const result = collector.result;
    results.push(scoreCase(evalCase, result?.sources.map((source) => source.id) ?? [], result?.done));
  }
  return summarize(results);
}

function scoreCase(evalCase: EvalCase, sources: number[], donePart: DonePart | undefined): CaseResult {
  const citations = donePart?.citations ?? [];
  const outOfScope = donePart?.outOfScope ?? true;
  const scope: Scope = donePart?.scope ?? 'out-of-scope';
  const expected = new Set(evalCase.expect);
  let hit1: boolean;
  let hit3: boolean;
  let reciprocalRank: number;
  if (expected.size === 0) {
    hit1 = outOfScope && citations.length === 0;
    hit3 = hit1;
    reciprocalRank = hit1 ? 1 : 0;
  } else {
    const first = citations[0] ?? sources[0];
    hit1 = !outOfScope && first !== undefined && expected.has(first);
    const rank = sources.findIndex((id) => expected.has(id));
    hit3 = !outOfScope && (hit1 || (rank !== -1 && rank < 3));
    reciprocalRank = outOfScope ? 0 : hit1 ? 1 : rank === -1 ? 0 : 1 / (rank + 1);
  }
  const decision = donePart?.decision;
  return {
    id: evalCase.id,
    kind: evalCase.kind,
    expect: evalCase.expect,
    citations,
    sources,
    outOfScope,
    scope,
    ...(decision ? { probability: Math.round(decision.probability * 1000) / 1000, evidence: decision.evidence } : {}),
    hit1,
    hit3,
    reciprocalRank,
  };
}

function summarize(results: CaseResult[]): EvaluationReport {
  const rate = (values: boolean[]) => (values.length === 0 ? 0 : values.filter(Boolean).length / values.length);
  const byKind: EvaluationReport['byKind'] = {};
  for (const kind of [...new Set(results.map((result) => result.kind))]) {
    const ofKind = results.filter((result) => result.kind === kind);
    byKind[kind] = { n: ofKind.length, hit1: rate(ofKind.map((result) => result.hit1)), hit3: rate(ofKind.map((result) => result.hit3)) };
  }
  return {
    n: results.length,
    hit1: rate(results.map((result) => result.hit1)),
    hit3: rate(results.map((result) => result.hit3)),
    mrr: results.length === 0 ? 0 : results.reduce((sum, result) => sum + result.reciprocalRank, 0) / results.length,
    outOfScopeAccuracy: rate(results.map((result) => result.outOfScope === (result.expect.length === 0))),
    falseRefusalRate: rate(results.filter((result) => result.expect.length > 0).map((result) => result.outOfScope)),
    falseAnswerRate: rate(results.filter((result) => result.expect.length === 0).map((result) => result.citations.length > 0)),
    byKind,
    cases: results,
  };
}
