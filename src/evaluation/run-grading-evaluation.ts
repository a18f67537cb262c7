import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { BadRequestError } from '../errors/index.js';
import type { Grade, GradeVerdict, GradingThresholds } from '../practice/index.js';

const caseSchema = z.object({
  id: z.string().min(1),
  recordId: z.number().int().positive(),
  language: z.enum(['en', 'zh']),
  answer: z.string(),
  verdict: z.enum(['strong', 'partial', 'missed']),
  kind: z.string().min(1),
});

/** One graded answer of a grading eval file: what a human interviewer gave it. */
export type GradingCase = z.infer<typeof caseSchema>;

/** Reads a grading eval file (JSONL); a malformed line is refused with its number. */
export async function readGradingCases(file: string): Promise<GradingCase[]> {
  const lines = (await readFile(file, 'utf8')).split('\n');
  return lines.flatMap((line, index) => {
    if (line.trim() === '') return [];
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      throw new BadRequestError(`${file}:${index + 1}: not valid JSON`);
    }
    const result = caseSchema.safeParse(parsed);
    if (!result.success) throw new BadRequestError(`${file}:${index + 1}: ${result.error.issues[0]?.path.join('.')} ${result.error.issues[0]?.message}`);
    return [result.data];
  });
}

/** How the grader's verdicts and scores compare with a human interviewer's. */
export interface GradingReport {
  n: number;
  /** Share of answers given the human's verdict. */
  verdictAccuracy: number;
  /** Of the answers the human graded strong, the share graded strong (and so on). */
  recallByVerdict: Record<GradeVerdict, number>;
  /** Pairs of answers to the same question with different human verdicts: share where the better one scored higher. */
  orderedPairs: { strongOverPartial: number; partialOverMissed: number; strongOverMissed: number; all: number; pairs: number };
  byKind: Record<string, { n: number; accuracy: number }>;
  /** Human verdict → grader verdict → count. */
  confusion: Record<GradeVerdict, Record<GradeVerdict, number>>;
}

const rank: Record<GradeVerdict, number> = { missed: 0, partial: 1, strong: 2 };

/** Verdicts from scores with the given thresholds (for fitting them). */
export function verdictFor(score: number, thresholds: GradingThresholds): GradeVerdict {
  return score >= thresholds.strong ? 'strong' : score >= thresholds.partial ? 'partial' : 'missed';
}

/** Compares the grades with the human verdicts. */
export function compareGrades(cases: readonly GradingCase[], grades: readonly Pick<Grade, 'score' | 'verdict'>[]): GradingReport {
  const verdicts: GradeVerdict[] = ['strong', 'partial', 'missed'];
  const confusion = Object.fromEntries(verdicts.map((human) => [human, Object.fromEntries(verdicts.map((graded) => [graded, 0]))])) as GradingReport['confusion'];
  const byKind: Record<string, { n: number; right: number }> = {};
  cases.forEach((testCase, index) => {
    const graded = grades[index]?.verdict ?? 'missed';
    confusion[testCase.verdict][graded] += 1;
    const kind = (byKind[testCase.kind] ??= { n: 0, right: 0 });
    kind.n += 1;
    if (graded === testCase.verdict) kind.right += 1;
  });
  const pairCounts = { strongOverPartial: [0, 0], partialOverMissed: [0, 0], strongOverMissed: [0, 0] };
  for (let left = 0; left < cases.length; left += 1) {
    for (let right = 0; right < cases.length; right += 1) {
      const better = cases[left];
      const worse = cases[right];
      if (!better || !worse || better.recordId !== worse.recordId || rank[better.verdict] <= rank[worse.verdict]) continue;
      const key = better.verdict === 'strong' ? (worse.verdict === 'partial' ? 'strongOverPartial' : 'strongOverMissed') : 'partialOverMissed';
      const counts = pairCounts[key];
      counts[1] = (counts[1] ?? 0) + 1;
      if ((grades[left]?.score ?? 0) > (grades[right]?.score ?? 0)) counts[0] = (counts[0] ?? 0) + 1;
    }
  }
  const share = ([hits, total]: number[]) => (total ? (hits ?? 0) / total : 0);
  const allHits = Object.values(pairCounts).reduce((sum, [hits]) => sum + (hits ?? 0), 0);
  const allPairs = Object.values(pairCounts).reduce((sum, [, total]) => sum + (total ?? 0), 0);
  const humanTotal = (verdict: GradeVerdict) => Object.values(confusion[verdict]).reduce((sum, count) => sum + count, 0);
  return {
    n: cases.length,
    verdictAccuracy: verdicts.reduce((sum, verdict) => sum + confusion[verdict][verdict], 0) / Math.max(1, cases.length),
    recallByVerdict: Object.fromEntries(verdicts.map((verdict) => [verdict, confusion[verdict][verdict] / Math.max(1, humanTotal(verdict))])) as Record<GradeVerdict, number>,
    orderedPairs: {
      strongOverPartial: share(pairCounts.strongOverPartial),
      partialOverMissed: share(pairCounts.partialOverMissed),
      strongOverMissed: share(pairCounts.strongOverMissed),
      all: allPairs ? allHits / allPairs : 0,
      pairs: allPairs,
    },
    byKind: Object.fromEntries(Object.entries(byKind).map(([kind, { n, right }]) => [kind, { n, accuracy: right / n }])),
    confusion,
  };
}
