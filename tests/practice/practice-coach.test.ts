import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { loadCorpus, type LoadedCorpus } from '../../src/ingest/index.js';
import { createAnswerGrader, LexicalGrader, PracticeCoach, topics } from '../../src/practice/index.js';
import { ATTEMPTS_KEPT_PER_RECORD, openTutorDatabase, SqlitePracticeStore } from '../../src/store/index.js';
import { corpusPaths } from '../helpers/project-paths.js';
import { createTemporaryDirectory } from '../helpers/temporary-directory.js';

let corpus: LoadedCorpus;
let database: Database.Database;
let coach: PracticeCoach;
let store: SqlitePracticeStore;
let temporary: { directory: string; remove: () => Promise<void> };
const minute = 60_000;
const day = 86_400_000;
const strongAnswer = 'Temperature rescales the logits before softmax. A low temperature such as 0.3 sharpens the distribution so the likeliest tokens win and output is predictable; a high one such as 1.5 flattens it, so sampling is more random and diverse. Around 0.8 balances coherence and creativity.';
const learner = (id: string) => id;

beforeAll(async () => {
  corpus = await loadCorpus(corpusPaths);
  temporary = await createTemporaryDirectory('tutor-practice-');
  database = await openTutorDatabase(temporary.directory);
  store = new SqlitePracticeStore(database);
  coach = new PracticeCoach(corpus.records, createAnswerGrader(new LexicalGrader(corpus.records, corpus.keyPoints, corpus.concepts)), store);
});
afterAll(async () => {
  database.close();
  await temporary.remove();
});

describe('topics', () => {
  it('put every record of the bank in exactly one topic', () => {
    const ids = topics.flatMap((topic) => topic.recordIds).sort((a, b) => a - b);
    expect(ids).toEqual(corpus.records.map((record) => record.id).sort((a, b) => a - b));
  });
});

describe('PracticeCoach', () => {
  it('brings a missed answer back sooner than a strong one (FSRS)', async () => {
    const now = Date.UTC(2026, 10, 29);
    const strong = await coach.answer(learner('fsrs'), 6, strongAnswer, 'en', now);
    const missed = await coach.answer(learner('fsrs'), 5, 'No idea, sorry.', 'en', now);
    expect(strong.verdict).toBe('strong');
    expect(missed.verdict).toBe('missed');
    expect(missed.schedule.dueAt - now).toBeLessThan(day);
    expect(strong.schedule.dueAt - now).toBeGreaterThanOrEqual(day);
    // A second strong answer when the review is due pushes it further out.
    const strongAgain = await coach.answer(learner('fsrs'), 6, strongAnswer, 'en', strong.schedule.dueAt);
    expect(strongAgain.schedule.dueAt - strong.schedule.dueAt).toBeGreaterThan(strong.schedule.dueAt - now);
    // Answering again at once (before it is due) does not: a repeat proves little. A miss does bring it closer.
    const repeated = await coach.answer(learner('fsrs'), 6, strongAnswer, 'en', strong.schedule.dueAt + 1000);
    expect(repeated.schedule.dueAt).toBe(strongAgain.schedule.dueAt);
    const missedEarly = await coach.answer(learner('fsrs'), 6, 'No idea.', 'en', strong.schedule.dueAt + 2000);
    expect(missedEarly.schedule.dueAt).toBeLessThan(strongAgain.schedule.dueAt);
  });

  it('serves due reviews first, then unseen questions in order, within a topic when asked', async () => {
    const now = Date.UTC(2026, 10, 29);
    const id = 'order';
    expect(coach.next(id, {}, now).recordId).toBe(1);
    await coach.answer(learner(id), 1, 'No idea.', 'en', now);
    // Record 1 is due again within minutes; until then the next unseen question comes.
    expect(coach.next(id, {}, now + 1).recordId).toBe(2);
    expect(coach.next(id, {}, now + 30 * minute).recordId).toBe(1);
    const decoding = coach.next(id, { topic: 'decoding', language: 'zh' }, now + 1);
    expect(decoding).toMatchObject({ recordId: 5, language: 'zh', question: corpus.records.find((record) => record.id === 5)?.question });
    expect(coach.next(id, { recordId: 42 }, now).recordId).toBe(42);
    expect(() => coach.next(id, { topic: 'cooking' }, now)).toThrow(/no topic "cooking"/u);
    expect(() => coach.next(id, { recordId: 99 }, now)).toThrow(/no question 99/u);
  });

  it('sums up progress, and forgets a learner entirely', async () => {
    const now = Date.UTC(2026, 10, 29);
    const id = 'progress';
    await coach.answer(learner(id), 6, strongAnswer, 'en', now);
    await coach.answer(learner(id), 5, 'No idea.', 'en', now);
    await coach.answer(learner(id), 5, 'Still no idea.', 'en', now + minute);
    const progress = coach.progress(id, now + 30 * minute);
    expect(progress.summary).toEqual({ seen: 2, mastered: 1, due: 1 });
    expect(progress.records.find((record) => record.id === 5)).toMatchObject({ attempts: 2 });
    store.forgetLearner(id);
    expect(coach.progress(id, now).summary).toEqual({ seen: 0, mastered: 0, due: 0 });
    expect(database.prepare('SELECT COUNT(*) AS n FROM attempts WHERE learner_id = ?').get(id)).toEqual({ n: 0 });
  });

  it('counts a streak of days in the learner\'s own time zone, kept while yesterday counts', async () => {
    const id = 'streak';
    // 23:30 UTC is 07:30 the next day at UTC+8.
    const base = Date.UTC(2026, 10, 20, 23, 30);
    expect(coach.progress(id, base).streak).toEqual({ days: 0, practicedToday: false });
    for (const dayIndex of [0, 1, 2, 4, 5]) await coach.answer(id, 5, 'No idea.', 'en', base + dayIndex * day);
    const utcPlus8 = 8 * 60 * minute;
    expect(coach.progress(id, base + 5 * day, 0).streak).toEqual({ days: 2, practicedToday: true });
    expect(coach.progress(id, base + 6 * day, 0).streak).toEqual({ days: 2, practicedToday: false });
    expect(coach.progress(id, base + 7 * day, 0).streak).toEqual({ days: 0, practicedToday: false });
    expect(coach.progress(id, base + 5 * day, utcPlus8).streak).toEqual({ days: 2, practicedToday: true });
  });

  it('keeps the attempt count and last grade while dropping all but the newest attempts of a record', async () => {
    const id = 'many';
    const now = Date.UTC(2026, 10, 29);
    for (let index = 0; index < ATTEMPTS_KEPT_PER_RECORD + 5; index += 1) await coach.answer(id, 5, 'No idea.', 'en', now + index);
    await coach.answer(id, 6, strongAnswer, 'en', now + 100);
    const kept = database.prepare<[string], { record_id: number; n: number }>('SELECT record_id, COUNT(*) AS n FROM attempts WHERE learner_id = ? GROUP BY record_id ORDER BY record_id').all(id);
    expect(kept).toEqual([{ record_id: 5, n: ATTEMPTS_KEPT_PER_RECORD }, { record_id: 6, n: 1 }]);
    expect(coach.progress(id, now + 200).records).toMatchObject([{ id: 5, attempts: ATTEMPTS_KEPT_PER_RECORD + 5 }, { id: 6, attempts: 1, lastScore: expect.any(Number) }]);
  });

  it('prunes learners idle for longer than allowed, and only those', async () => {
    const now = Date.UTC(2026, 10, 29);
    await coach.answer('idle', 5, 'No idea.', 'en', now - 400 * day);
    await coach.answer('active', 5, 'No idea.', 'en', now - day);
    expect(coach.pruneLearners(now - 365 * day, now)).toBe(1);
    expect(coach.progress('idle', now).summary.seen).toBe(0);
    expect(coach.progress('active', now).summary.seen).toBe(1);
  });
});
