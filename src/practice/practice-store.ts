import type { GradeVerdict } from './grade.js';

/** One graded practice answer, as kept. */
export interface PracticeAttempt {
  learnerId: string;
  recordId: number;
  language: 'en' | 'zh';
  answer: string;
  score: number;
  verdict: GradeVerdict;
  grader: 'llm' | 'lexical';
  at: number;
}

/** A record's review schedule for one learner: the scheduler's card (opaque JSON) and when it is due. */
export interface ReviewSchedule {
  recordId: number;
  card: string;
  dueAt: number;
}

/** Per record, what a learner has done: for the progress view. */
export interface RecordProgress {
  recordId: number;
  attempts: number;
  lastScore: number;
  lastVerdict: GradeVerdict;
  dueAt: number;
}

/** Where learners, their attempts and their review schedules are kept (the SQLite store by default). */
export interface PracticeStore {
  /** Makes sure the learner exists (created on first practice, without a token) and marks it active. */
  touchLearner(learnerId: string, now: number): void;
  /** SHA-256 of the learner's token; undefined for an unknown learner or one that was never given a token. */
  learnerTokenHash(learnerId: string): Buffer | undefined;
  /** Creates the learner if needed and gives it this token (the previous one stops working). */
  setLearnerToken(learnerId: string, tokenHash: Buffer, now: number): void;
  /**
   * Records an attempt and the record's new schedule together (one transaction). The schedule counts
   * the attempts and keeps the last grade; only the newest attempts per record are kept verbatim.
   */
  recordAttempt(attempt: PracticeAttempt, schedule: ReviewSchedule): void;
  schedule(learnerId: string, recordId: number): ReviewSchedule | undefined;
  schedules(learnerId: string): ReviewSchedule[];
  progress(learnerId: string): RecordProgress[];
  /** The days (whole days since the epoch, shifted by `utcOffsetMs`) with at least one attempt, newest first. */
  practiceDays(learnerId: string, utcOffsetMs: number, limit: number): number[];
  /** Deletes the learner and everything kept about them ("forget me"). */
  forgetLearner(learnerId: string): void;
  /**
   * Deletes learners inactive since before `before`, and those that never answered and are inactive
   * since before `unusedBefore`, with everything kept about them; returns how many.
   */
  pruneLearners(before: number, unusedBefore: number): number;
}
