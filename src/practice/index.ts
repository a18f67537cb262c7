export type { Grade, GradeVerdict } from './grade.js';
export { LexicalGrader, type GradeRequest, type GradingThresholds } from './lexical-grader.js';
export { readAnswerShape, type AnswerShape } from './answer-shape.js';
