import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { loadCorpus, type LoadedCorpus } from '../../src/ingest/index.js';
import { createAnswerGrader, LexicalGrader, PracticeCoach, topics } from '../../src/practice/index.js';
import { openTutorDatabase, SqlitePracticeStore } from '../../src/store/index.js';
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
const learner = (id: string) => ({ id, tokenHash: Buffer.alloc(32, 1) });

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
});
