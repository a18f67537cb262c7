import type Database from 'better-sqlite3';
import type { GradeVerdict, PracticeAttempt, PracticeStore, RecordProgress, ReviewSchedule } from '../practice/index.js';

/** Learners, attempts and schedules in the SQLite store; statements prepared once. */
export class SqlitePracticeStore implements PracticeStore {
  private readonly upsertLearner: Database.Statement<[string, Buffer, number, number]>;
  private readonly insertAttempt: Database.Statement<[string, number, string, string, number, string, string, number]>;
  private readonly upsertSchedule: Database.Statement<[string, number, string, number]>;
  private readonly selectSchedule: Database.Statement<[string, number], { record_id: number; card: string; due_at: number }>;
  private readonly selectSchedules: Database.Statement<[string], { record_id: number; card: string; due_at: number }>;
  private readonly selectProgress: Database.Statement<[string], { record_id: number; attempts: number; last_score: number; last_verdict: string; due_at: number }>;
  private readonly deleteLearner: Database.Statement<[string]>;
  private readonly attemptWithSchedule: (attempt: PracticeAttempt, schedule: ReviewSchedule) => void;

  constructor(database: Database.Database) {
    this.upsertLearner = database.prepare(
      'INSERT INTO learners (id, token_hash, created_at, last_active) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET last_active = excluded.last_active',
    );
    this.insertAttempt = database.prepare(
      'INSERT INTO attempts (learner_id, record_id, language, answer, score, verdict, grader, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.upsertSchedule = database.prepare(
      'INSERT INTO schedules (learner_id, record_id, card, due_at) VALUES (?, ?, ?, ?) ON CONFLICT (learner_id, record_id) DO UPDATE SET card = excluded.card, due_at = excluded.due_at',
    );
    this.selectSchedule = database.prepare('SELECT record_id, card, due_at FROM schedules WHERE learner_id = ? AND record_id = ?');
    this.selectSchedules = database.prepare('SELECT record_id, card, due_at FROM schedules WHERE learner_id = ? ORDER BY due_at');
    this.selectProgress = database.prepare(`
      SELECT a.record_id, COUNT(*) AS attempts,
        (SELECT score FROM attempts l WHERE l.learner_id = a.learner_id AND l.record_id = a.record_id ORDER BY l.id DESC LIMIT 1) AS last_score,
        (SELECT verdict FROM attempts l WHERE l.learner_id = a.learner_id AND l.record_id = a.record_id ORDER BY l.id DESC LIMIT 1) AS last_verdict,
        s.due_at
      FROM attempts a JOIN schedules s ON s.learner_id = a.learner_id AND s.record_id = a.record_id
      WHERE a.learner_id = ? GROUP BY a.record_id ORDER BY a.record_id`);
    this.deleteLearner = database.prepare('DELETE FROM learners WHERE id = ?');
    this.attemptWithSchedule = database.transaction((attempt: PracticeAttempt, schedule: ReviewSchedule) => {
      this.insertAttempt.run(attempt.learnerId, attempt.recordId, attempt.language, attempt.answer, attempt.score, attempt.verdict, attempt.grader, attempt.at);
      this.upsertSchedule.run(attempt.learnerId, schedule.recordId, schedule.card, schedule.dueAt);
    });
  }

  touchLearner(learnerId: string, tokenHash: Buffer, now: number): void {
    this.upsertLearner.run(learnerId, tokenHash, now, now);
  }

  recordAttempt(attempt: PracticeAttempt, schedule: ReviewSchedule): void {
    this.attemptWithSchedule(attempt, schedule);
  }

  schedule(learnerId: string, recordId: number): ReviewSchedule | undefined {
    const row = this.selectSchedule.get(learnerId, recordId);
    return row ? { recordId: row.record_id, card: row.card, dueAt: row.due_at } : undefined;
  }

  schedules(learnerId: string): ReviewSchedule[] {
    return this.selectSchedules.all(learnerId).map((row) => ({ recordId: row.record_id, card: row.card, dueAt: row.due_at }));
  }

  progress(learnerId: string): RecordProgress[] {
    return this.selectProgress.all(learnerId).map((row) => ({
      recordId: row.record_id,
      attempts: row.attempts,
      lastScore: row.last_score,
      lastVerdict: row.last_verdict as GradeVerdict,
      dueAt: row.due_at,
    }));
  }

  forgetLearner(learnerId: string): void {
    this.deleteLearner.run(learnerId);
  }
}
