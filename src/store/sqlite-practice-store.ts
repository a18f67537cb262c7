import type Database from 'better-sqlite3';
import type { GradeVerdict, PracticeAttempt, PracticeStore, RecordProgress, ReviewSchedule } from '../practice/index.js';

/** How many attempts per learner and record are kept verbatim; the schedule keeps the count and the last grade. */
export const ATTEMPTS_KEPT_PER_RECORD = 20;

const noToken = Buffer.alloc(0);

/** Learners, attempts and schedules in the SQLite store; statements prepared once. */
export class SqlitePracticeStore implements PracticeStore {
  private readonly statements: ReturnType<typeof prepareStatements>;
  private readonly attemptWithSchedule: (attempt: PracticeAttempt, schedule: ReviewSchedule) => void;

  constructor(database: Database.Database) {
    this.statements = prepareStatements(database);
    this.attemptWithSchedule = database.transaction((attempt: PracticeAttempt, schedule: ReviewSchedule) => {
      const { statements } = this;
      statements.insertAttempt.run(attempt.learnerId, attempt.recordId, attempt.language, attempt.answer, attempt.score, attempt.verdict, attempt.grader, attempt.at);
      statements.trimAttempts.run(attempt.learnerId, attempt.recordId, attempt.learnerId, attempt.recordId, ATTEMPTS_KEPT_PER_RECORD);
      statements.upsertSchedule.run(attempt.learnerId, schedule.recordId, schedule.card, schedule.dueAt, attempt.score, attempt.verdict);
      statements.insertHour.run(attempt.learnerId, Math.floor(attempt.at / 3_600_000));
    });
  }

  touchLearner(learnerId: string, now: number): void {
    this.statements.touchLearner.run(learnerId, noToken, now, now);
  }

  learnerTokenHash(learnerId: string): Buffer | undefined {
    const hash = this.statements.tokenHash.get(learnerId)?.token_hash;
    return hash && hash.length > 0 ? hash : undefined;
  }

  setLearnerToken(learnerId: string, tokenHash: Buffer, now: number): void {
    this.statements.setToken.run(learnerId, tokenHash, now, now);
  }

  recordAttempt(attempt: PracticeAttempt, schedule: ReviewSchedule): void {
    this.attemptWithSchedule(attempt, schedule);
  }

  schedule(learnerId: string, recordId: number): ReviewSchedule | undefined {
    const row = this.statements.schedule.get(learnerId, recordId);
    return row ? { recordId: row.record_id, card: row.card, dueAt: row.due_at } : undefined;
  }

  schedules(learnerId: string): ReviewSchedule[] {
    return this.statements.schedules.all(learnerId).map((row) => ({ recordId: row.record_id, card: row.card, dueAt: row.due_at }));
  }

  progress(learnerId: string): RecordProgress[] {
    return this.statements.progress.all(learnerId).map((row) => ({
      recordId: row.record_id,
      attempts: row.attempts,
      lastScore: row.last_score,
      lastVerdict: row.last_verdict as GradeVerdict,
      dueAt: row.due_at,
    }));
  }

  practiceDays(learnerId: string, utcOffsetMs: number, limit: number): number[] {
    return this.statements.practiceDays.all(Math.round(utcOffsetMs), learnerId, limit).map((row) => row.day);
  }

  forgetLearner(learnerId: string): void {
    this.statements.deleteLearner.run(learnerId);
  }

  pruneLearners(before: number, unusedBefore: number): number {
    return this.statements.pruneLearners.run(before, unusedBefore).changes;
  }
}

/** Every statement the store runs, prepared once. */
function prepareStatements(database: Database.Database) {
  return {
    touchLearner: database.prepare<[string, Buffer, number, number]>(
      'INSERT INTO learners (id, token_hash, created_at, last_active) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET last_active = excluded.last_active',
    ),
    setToken: database.prepare<[string, Buffer, number, number]>(
      'INSERT INTO learners (id, token_hash, created_at, last_active) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET token_hash = excluded.token_hash, last_active = excluded.last_active',
    ),
    tokenHash: database.prepare<[string], { token_hash: Buffer }>('SELECT token_hash FROM learners WHERE id = ?'),
    insertAttempt: database.prepare<[string, number, string, string, number, string, string, number]>(
      'INSERT INTO attempts (learner_id, record_id, language, answer, score, verdict, grader, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    trimAttempts: database.prepare<[string, number, string, number, number]>(
      `DELETE FROM attempts WHERE learner_id = ? AND record_id = ? AND id NOT IN
        (SELECT id FROM attempts WHERE learner_id = ? AND record_id = ? ORDER BY id DESC LIMIT ?)`,
    ),
    upsertSchedule: database.prepare<[string, number, string, number, number, string]>(
      `INSERT INTO schedules (learner_id, record_id, card, due_at, attempts, last_score, last_verdict) VALUES (?, ?, ?, ?, 1, ?, ?)
        ON CONFLICT (learner_id, record_id) DO UPDATE SET card = excluded.card, due_at = excluded.due_at,
          attempts = schedules.attempts + 1, last_score = excluded.last_score, last_verdict = excluded.last_verdict`,
    ),
    schedule: database.prepare<[string, number], { record_id: number; card: string; due_at: number }>(
      'SELECT record_id, card, due_at FROM schedules WHERE learner_id = ? AND record_id = ?',
    ),
    schedules: database.prepare<[string], { record_id: number; card: string; due_at: number }>(
      'SELECT record_id, card, due_at FROM schedules WHERE learner_id = ? ORDER BY due_at',
    ),
    progress: database.prepare<[string], { record_id: number; attempts: number; last_score: number; last_verdict: string; due_at: number }>(
      'SELECT record_id, attempts, last_score, last_verdict, due_at FROM schedules WHERE learner_id = ? ORDER BY record_id',
    ),
    insertHour: database.prepare<[string, number]>('INSERT OR IGNORE INTO practice_hours (learner_id, hour) VALUES (?, ?)'),
    // Hours, not attempts: attempts are trimmed per record, and an hour is as fine as a day boundary needs
    // (zones with a half-hour offset may place an answer in the first half hour of a day on the day before).
    practiceDays: database.prepare<[number, string, number], { day: number }>(
      'SELECT DISTINCT CAST((hour * 3600000 + ?) / 86400000 AS INTEGER) AS day FROM practice_hours WHERE learner_id = ? ORDER BY day DESC LIMIT ?',
    ),
    deleteLearner: database.prepare<[string]>('DELETE FROM learners WHERE id = ?'),
    // Idle learners go after LEARNER_IDLE_DAYS; a learner that never answered (only given a token) after a day.
    pruneLearners: database.prepare<[number, number]>(
      'DELETE FROM learners WHERE last_active < ? OR (last_active < ? AND NOT EXISTS (SELECT 1 FROM schedules s WHERE s.learner_id = learners.id))',
    ),
  };
}
