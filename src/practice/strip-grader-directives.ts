import { splitSentences } from '../text/index.js';

/**
 * Sentences that speak to the grader instead of answering: asking for marks, claiming a score,
 * posing as the system. Data, in English and Chinese; a sentence that merely mentions a score in
 * passing ("the score function") is not one.
 */
const directivePatterns: readonly RegExp[] = [
  /\b(?:grader|evaluator|examiner|rubric|grading (?:system|model)|scoring (?:system|model))\b/iu,
  /\b(?:full|perfect|maximum) (?:marks?|score|points|grade)\b|\btop marks\b/iu,
  /\b(?:mark|grade|score|rate|judge)\s+(?:this|my answer|this answer|me)\s+(?:as\s+)?(?:strong|correct|perfect|10|100|full)\b/iu,
  /\b(?:ignore|disregard|forget|override)\b[^.!?]{0,40}\b(?:rubric|instructions?|criteria|key points)\b/iu,
  /\byou are now\b/iu,
  /^\s*(?:>+\s*)?(?:system|note to)\b\s*[:：]/iu,
  /(?:评分系统|评分标准|评分者|阅卷|满分|判为(?:满分|正确|strong)|评为|给满分|系统提示|忽略[^。！？]{0,10}(?:标准|指令|要点))/u,
];

/** The answer without its sentences addressed to the grader, and whether any were removed. */
export function stripGraderDirectives(answer: string): { text: string; removed: boolean } {
  const sentences = splitSentences(answer);
  const kept = sentences.filter((sentence) => !directivePatterns.some((pattern) => pattern.test(sentence)));
  return { text: kept.join(' ').trim(), removed: kept.length < sentences.length };
}
