import type { GradeWithNotice, LlmGrader } from './llm-grader.js';
import type { GradeRequest, LexicalGrader } from './lexical-grader.js';

/** What practice grades with: the LLM grader when an LLM is configured, the lexical one otherwise. */
export interface AnswerGrader {
  readonly kind: 'llm' | 'lexical';
  canGrade(recordId: number): boolean;
  grade(request: GradeRequest, signal?: AbortSignal): Promise<GradeWithNotice>;
}

/** The grader for this configuration. */
export function createAnswerGrader(lexical: LexicalGrader, llm?: LlmGrader): AnswerGrader {
  return {
    kind: llm ? 'llm' : 'lexical',
    canGrade: (recordId) => lexical.canGrade(recordId),
    grade: async (request, signal) => (llm ? llm.grade(request, signal) : lexical.grade(request)),
  };
}
