import { HAN_RANGES } from '../text/index.js';
import type { CorpusRecord, Language } from './corpus-record.js';

/** How a gap shows in the text. */
export type GapKind = 'empty-parentheses' | 'dangling-comma' | 'spaced-chinese' | 'colon-without-content';

/** A place where the copied bank seems to have lost a formula or a value. */
export interface Gap {
  recordId: number;
  language: Language;
  field: 'question' | 'answer';
  kind: GapKind;
  /** The line the gap is on. */
  excerpt: string;
}

const patterns: { kind: GapKind; pattern: RegExp }[] = [
  // "softmax()V", "(e.g., )": the formula between the parentheses was dropped.
  { kind: 'empty-parentheses', pattern: /\(\s*(?:e\.g\.,?\s*)?\)/u },
  // "with , for instance", "function, , has": a value between words was dropped.
  { kind: 'dangling-comma', pattern: /\s,/u },
  // "ReLU函数 的导数": Chinese text does not put spaces between characters unless something stood there.
  { kind: 'spaced-chinese', pattern: new RegExp(`[${HAN_RANGES}] +[${HAN_RANGES}]`, 'u') },
];

const formulaLine = /[=⟦$]|\\[a-z]+/u;

/**
 * Finds lost formulas and values: empty parentheses, dangling commas, spaces inside Chinese text,
 * and lines that end with a colon but are followed by neither a list nor a formula.
 * Restored text (between ⟦ and ⟧) is not a gap.
 */
export function findGaps(records: readonly CorpusRecord[]): Gap[] {
  const gaps: Gap[] = [];
  for (const record of records) {
    for (const field of ['question', 'answer'] as const) {
      for (const language of ['en', 'zh'] as const) {
        const lines = record[field][language].split('\n');
        lines.forEach((line, index) => {
          const visible = line.replace(/⟦[^⟧]*⟧/gu, 'X');
          for (const { kind, pattern } of patterns) {
            if (pattern.test(visible)) gaps.push({ recordId: record.id, language, field, kind, excerpt: line });
          }
          if (/[:：]\s*$/u.test(visible)) {
            const next = lines[index + 1];
            if (next === undefined || !(next.startsWith('- ') || formulaLine.test(next))) {
              gaps.push({ recordId: record.id, language, field, kind: 'colon-without-content', excerpt: line });
            }
          }
        });
      }
    }
  }
  return gaps;
}
