export type { Grade, GradeVerdict } from './grade.js';
export { LexicalGrader, type GradeRequest, type GradingThresholds } from './lexical-grader.js';
export { readAnswerShape, type AnswerShape } from './answer-shape.js';
export type { PracticeAttempt, PracticeStore, RecordProgress, ReviewSchedule } from './practice-store.js';
export { topics, type Topic } from './topics.js';
export { ReviewScheduler } from './review-scheduler.js';
export { PracticeCoach, type NextQuestionRequest, type PracticeQuestion, type PracticeProgress } from './practice-coach.js';
