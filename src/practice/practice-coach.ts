import { NotFoundError } from '../errors/index.js';
import type { CorpusRecord, Language } from '../ingest/index.js';
import { detectLanguage } from '../text/index.js';
import type { AnswerGrader } from './answer-grader.js';
import type { GradeVerdict } from './grade.js';
import type { GradeWithNotice } from './llm-grader.js';
import type { PracticeStore } from './practice-store.js';
import { ReviewScheduler } from './review-scheduler.js';
import { topics, type Topic } from './topics.js';

/** What `practice.next` asks for. */
export interface NextQuestionRequest {
  topic?: string;
  recordId?: number;
  language?: Language;
}

/** A question to answer. */
export interface PracticeQuestion {
  recordId: number;
  question: { en: string; zh: string };
  language: Language;
}

/** A learner's progress: per record, and in sum. */
export interface PracticeProgress {
  summary: { seen: number; mastered: number; due: number };
  /** `lastVerdict` is beyond CONTRACT.md: the progress view colours a record by it. */
  records: { id: number; attempts: number; lastScore: number; lastVerdict: GradeVerdict; dueAt: number }[];
  /** Beyond CONTRACT.md: days in a row with at least one answer, ending today or yesterday (the streak is not lost until a whole day passes). */
  streak: { days: number; practicedToday: boolean };
}

const dayMs = 86_400_000;
/** Enough days back for any streak the progress view shows. */
const streakHorizonDays = 400;

/**
 * The mock interviewer: picks the next question (due reviews first, the most overdue first; then
 * questions not yet seen, in the bank's order; then the one due soonest), grades an answer against
 * the record's key points, and schedules the record's next review with FSRS. Everything it learns is
 * kept in the store under the learner's id.
 */
export class PracticeCoach {
  private readonly records: ReadonlyMap<number, CorpusRecord>;
  private readonly scheduler = new ReviewScheduler();

  constructor(
    records: readonly CorpusRecord[],
    private readonly grader: AnswerGrader,
    private readonly store: PracticeStore,
  ) {
    this.records = new Map(records.map((record) => [record.id, record]));
  }

  /** The topics a round can stay within. */
  get topics(): readonly Topic[] {
    return topics;
  }

  next(learnerId: string, request: NextQuestionRequest, now: number): PracticeQuestion {
    const language = request.language ?? 'en';
    if (request.recordId !== undefined) return this.question(this.recordOf(request.recordId), language);
    const topic = request.topic === undefined ? undefined : topics.find((candidate) => candidate.id === request.topic);
    if (request.topic !== undefined && !topic) throw new NotFoundError(`no topic ${JSON.stringify(request.topic)}; topics are ${topics.map((candidate) => candidate.id).join(', ')}`);
    const allowed = (recordId: number) => this.grader.canGrade(recordId) && (!topic || topic.recordIds.includes(recordId));
    const schedules = this.store.schedules(learnerId).filter((schedule) => allowed(schedule.recordId));
    const due = schedules.filter((schedule) => schedule.dueAt <= now);
    if (due[0]) return this.question(this.recordOf(due[0].recordId), language);
    const seen = new Set(schedules.map((schedule) => schedule.recordId));
    const unseen = [...this.records.keys()].find((recordId) => allowed(recordId) && !seen.has(recordId));
    if (unseen !== undefined) return this.question(this.recordOf(unseen), language);
    const soonest = schedules[0];
    if (!soonest) throw new NotFoundError('no question with key points to practise');
    return this.question(this.recordOf(soonest.recordId), language);
  }

  async answer(
    learnerId: string,
    recordId: number,
    text: string,
    language: Language | undefined,
    now: number | (() => number),
    signal?: AbortSignal,
  ): Promise<GradeWithNotice & { schedule: { dueAt: number } }> {
    this.recordOf(recordId);
    if (!this.grader.canGrade(recordId)) throw new NotFoundError(`question ${recordId} has no key points to grade against`);
    const grade = await this.grader.grade({ recordId, answer: text, ...(language ? { language } : {}) }, signal);
    signal?.throwIfAborted();
    now = typeof now === 'function' ? now() : now;
    const previous = this.store.schedule(learnerId, recordId);
    // Answering again before the review is due proves little (the answer is fresh in mind): it can
    // bring the review closer (a miss) but never push it further out.
    const early = previous !== undefined && now < previous.dueAt && grade.verdict !== 'missed';
    const next = early ? { card: previous.card, dueAt: previous.dueAt } : this.scheduler.review(previous?.card, grade.verdict, grade.score, now);
    this.store.touchLearner(learnerId, now);
    this.store.recordAttempt(
      { learnerId, recordId, language: language ?? detectLanguage(text), answer: text, score: grade.score, verdict: grade.verdict, grader: grade.grader, at: now },
      { recordId, card: next.card, dueAt: next.dueAt },
    );
    return { ...grade, schedule: { dueAt: next.dueAt } };
  }

  /** The learner's progress; `utcOffsetMs` (the learner's clock minus UTC) places the streak's days. */
  progress(learnerId: string, now: number, utcOffsetMs = 0): PracticeProgress {
    const records = this.store.progress(learnerId);
    return {
      summary: {
        seen: records.length,
        // Mastered: the last answer was strong and the next review is at least a day away.
        mastered: records.filter((record) => record.lastVerdict === 'strong' && record.dueAt - now >= dayMs).length,
        due: records.filter((record) => record.dueAt <= now).length,
      },
      records: records.map((record) => ({ id: record.recordId, attempts: record.attempts, lastScore: record.lastScore, lastVerdict: record.lastVerdict, dueAt: record.dueAt })),
      streak: streakOf(this.store.practiceDays(learnerId, utcOffsetMs, streakHorizonDays), Math.floor((now + utcOffsetMs) / dayMs)),
    };
  }

  /** SHA-256 of the learner's token, if it has one (see the `learner` message). */
  learnerTokenHash(learnerId: string): Buffer | undefined {
    return this.store.learnerTokenHash(learnerId);
  }

  /** Gives the learner a new token (its hash); the previous token stops working. */
  setLearnerToken(learnerId: string, tokenHash: Buffer, now: number): void {
    this.store.setLearnerToken(learnerId, tokenHash, now);
  }

  /** Deletes learners inactive since before `before`, and those that never answered after a day; returns how many. */
  pruneLearners(before: number, now: number = Date.now()): number {
    return this.store.pruneLearners(before, now - dayMs);
  }

  /** Deletes everything kept about the learner: attempts, schedules, the learner itself. */
  forget(learnerId: string): void {
    this.store.forgetLearner(learnerId);
  }

  private recordOf(recordId: number): CorpusRecord {
    const record = this.records.get(recordId);
    if (!record) throw new NotFoundError(`no question ${recordId}; ids run from 1 to ${this.records.size}`);
    return record;
  }

  private question(record: CorpusRecord, language: Language): PracticeQuestion {
    return { recordId: record.id, question: record.question, language };
  }
}

/** Days in a row, newest first, that end today or yesterday. */
function streakOf(daysNewestFirst: readonly number[], today: number): { days: number; practicedToday: boolean } {
  const practicedToday = daysNewestFirst[0] === today;
  let expected = practicedToday ? today : today - 1;
  let days = 0;
  for (const day of daysNewestFirst) {
    if (day > expected) continue;
    if (day !== expected) break;
    days += 1;
    expected -= 1;
  }
  return { days, practicedToday };
}
