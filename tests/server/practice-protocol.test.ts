import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../src/store/index.js';
import { startLlmTestServer } from '../helpers/start-llm-test-server.js';
import { startTestServer, type TestServer } from '../helpers/start-test-server.js';
import { createTemporaryDirectory } from '../helpers/temporary-directory.js';
import { openTestSocket, resumeTestSocket } from '../helpers/websocket-client.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

describe('practice over /ws (CONTRACT.md, Practice)', () => {
  it('asks a question, grades the answer with a schedule, and reports progress, in the same session', async () => {
    const { client, ready } = await openTestSocket(server.websocketUrl);
    client.send({ type: 'practice.next', id: 'q1', topic: 'decoding' });
    const question = await client.next((message) => message['id'] === 'q1');
    expect(question).toMatchObject({ type: 'practice.question', id: 'q1', recordId: 5, language: 'en', question: { en: expect.stringContaining('beam search'), zh: expect.any(String) } });

    client.send({ type: 'practice.answer', id: 'a1', recordId: 5, text: 'Beam search keeps the k most probable partial sequences at each step instead of only the single best token, so it finds more coherent sentences than greedy decoding, at more compute.' });
    const grade = await client.next((message) => message['id'] === 'a1');
    expect(grade).toMatchObject({ type: 'practice.grade', id: 'a1', recordId: 5, citations: [5], grader: 'lexical', verdict: expect.stringMatching(/^(strong|partial|missed)$/u) });
    expect(Object.keys(grade).sort()).toEqual(['citations', 'covered', 'followUp', 'grader', 'id', 'missed', 'modelAnswer', 'recordId', 'schedule', 'score', 'type', 'verdict']);
    expect((grade['schedule'] as { dueAt: number }).dueAt).toBeGreaterThan(Date.now());

    client.send({ type: 'progress', id: 'p1' });
    const progress = await client.next((message) => message['id'] === 'p1');
    expect(progress).toMatchObject({ type: 'progress', id: 'p1', summary: { seen: 1 }, records: [{ id: 5, attempts: 1 }] });
    await client.close();

    // The progress belongs to the session: a reload that resumes it finds it.
    const { client: again, reply } = await resumeTestSocket(server.websocketUrl, ready);
    expect(reply['type']).toBe('ready');
    again.send({ type: 'progress', id: 'p2' });
    expect(await again.next((message) => message['id'] === 'p2')).toMatchObject({ summary: { seen: 1 } });
    // Another learner starts from nothing.
    const { client: stranger } = await openTestSocket(server.websocketUrl);
    stranger.send({ type: 'progress', id: 'p3' });
    expect(await stranger.next((message) => message['id'] === 'p3')).toMatchObject({ summary: { seen: 0, mastered: 0, due: 0 }, records: [] });
    // "Forget me": everything kept about the learner goes, and the answer says so.
    again.send({ type: 'practice.forget', id: 'f1' });
    expect(await again.next((message) => message['id'] === 'f1')).toMatchObject({ type: 'progress', summary: { seen: 0, mastered: 0, due: 0 }, records: [] });
    again.send({ type: 'progress', id: 'p4' });
    expect(await again.next((message) => message['id'] === 'p4')).toMatchObject({ summary: { seen: 0 } });
    await again.close();
    await stranger.close();
  });

  it('keeps progress under a learner that outlives the session: another session that shows its token takes it over', async () => {
    const strong = 'Beam search keeps the k most probable partial sequences at each step instead of only the single best token, so it finds more coherent sentences than greedy decoding, at more compute.';
    const { client: first } = await openTestSocket(server.websocketUrl);
    first.send({ type: 'learner', id: 'l1' });
    const issued = await first.next((message) => message['id'] === 'l1');
    expect(issued).toMatchObject({ type: 'learner', learner: expect.any(String), token: expect.any(String) });
    first.send({ type: 'practice.answer', id: 'a1', recordId: 5, text: strong });
    await first.next((message) => message['id'] === 'a1');
    await first.close();

    // A new session (a new tab, or tomorrow after the session expired) that names the learner sees its progress.
    const { client: second } = await openTestSocket(server.websocketUrl);
    second.send({ type: 'learner', id: 'l2', learner: issued['learner'], token: `${String(issued['token'])}x` });
    expect(await second.next((message) => message['id'] === 'l2')).toMatchObject({ type: 'error', code: 'NOT_FOUND' });
    second.send({ type: 'learner', id: 'l3', learner: issued['learner'] });
    expect(await second.next((message) => message['id'] === 'l3')).toMatchObject({ type: 'error', code: 'BAD_REQUEST' });
    second.send({ type: 'progress', id: 'p0' });
    expect(await second.next((message) => message['id'] === 'p0')).toMatchObject({ summary: { seen: 0 } });
    second.send({ type: 'learner', id: 'l4', learner: issued['learner'], token: issued['token'] });
    const claimed = await second.next((message) => message['id'] === 'l4');
    expect(claimed).toEqual({ type: 'learner', id: 'l4', learner: issued['learner'] });
    second.send({ type: 'progress', id: 'p1', utcOffsetMinutes: 480 });
    expect(await second.next((message) => message['id'] === 'p1')).toMatchObject({ summary: { seen: 1 }, records: [{ id: 5, attempts: 1 }], streak: { days: 1, practicedToday: true } });
    // The next question follows the learner's schedule, not the new session's: Q5 is answered and not due.
    second.send({ type: 'practice.next', id: 'n2', topic: 'decoding' });
    expect((await second.next((message) => message['id'] === 'n2'))['recordId']).not.toBe(5);
    second.send({ type: 'practice.answer', id: 'a2', recordId: 6, text: 'No idea.' });
    await second.next((message) => message['id'] === 'a2');
    second.send({ type: 'progress', id: 'p2' });
    expect(await second.next((message) => message['id'] === 'p2')).toMatchObject({ summary: { seen: 2 } });
    // Forgetting the learner removes its token too: the old pair is no longer accepted.
    second.send({ type: 'practice.forget', id: 'f1' });
    await second.next((message) => message['id'] === 'f1');
    // The session goes on as a new learner, with a new id: nothing of the forgotten one comes back.
    second.send({ type: 'learner', id: 'l6' });
    const fresh = await second.next((message) => message['id'] === 'l6');
    expect(fresh['learner']).not.toBe(issued['learner']);
    second.send({ type: 'progress', id: 'p3' });
    expect(await second.next((message) => message['id'] === 'p3')).toMatchObject({ summary: { seen: 0 } });
    const { client: third } = await openTestSocket(server.websocketUrl);
    third.send({ type: 'learner', id: 'l5', learner: issued['learner'], token: issued['token'] });
    expect(await third.next((message) => message['id'] === 'l5')).toMatchObject({ type: 'error', code: 'NOT_FOUND' });
    await second.close();
    await third.close();
  });

  it('moves every session bound to a forgotten learner to a new learner: another tab writes nothing under the old id', async () => {
    const { client: first } = await openTestSocket(server.websocketUrl);
    first.send({ type: 'learner', id: 'l1' });
    const issued = await first.next((message) => message['id'] === 'l1');
    first.send({ type: 'practice.answer', id: 'a1', recordId: 5, text: 'Beam search keeps the k most probable sequences at each step.' });
    await first.next((message) => message['id'] === 'a1');
    const { client: second } = await openTestSocket(server.websocketUrl);
    second.send({ type: 'learner', id: 'l2', learner: issued['learner'], token: issued['token'] });
    await second.next((message) => message['id'] === 'l2');

    first.send({ type: 'practice.forget', id: 'f1' });
    await first.next((message) => message['id'] === 'f1');
    // The other tab still practises, but as a learner of its own: nothing it does lands under the forgotten id.
    second.send({ type: 'progress', id: 'p1' });
    expect(await second.next((message) => message['id'] === 'p1')).toMatchObject({ summary: { seen: 0 }, records: [] });
    second.send({ type: 'practice.answer', id: 'a2', recordId: 6, text: 'Temperature scales the logits before softmax.' });
    await second.next((message) => message['id'] === 'a2');
    second.send({ type: 'learner', id: 'l3' });
    const moved = await second.next((message) => message['id'] === 'l3');
    expect(moved['learner']).not.toBe(issued['learner']);
    first.send({ type: 'learner', id: 'l4' });
    const restarted = await first.next((message) => message['id'] === 'l4');
    expect([issued['learner'], moved['learner']]).not.toContain(restarted['learner']);
    first.send({ type: 'progress', id: 'p2' });
    expect(await first.next((message) => message['id'] === 'p2')).toMatchObject({ summary: { seen: 0 } });
    await first.close();
    await second.close();
  });

  it('answers bad practice messages with an error carrying their id, and goes on', async () => {
    const { client } = await openTestSocket(server.websocketUrl);
    client.send({ type: 'practice.answer', id: 'x1', recordId: 999, text: 'something' });
    expect(await client.next((message) => message['id'] === 'x1')).toMatchObject({ type: 'error', code: 'NOT_FOUND' });
    client.send({ type: 'practice.answer', id: 'x2', recordId: 5, text: '   ' });
    expect(await client.next((message) => message['id'] === 'x2')).toMatchObject({ type: 'error', code: 'BAD_REQUEST' });
    client.send({ type: 'practice.next', id: 'x3', topic: 'cooking' });
    expect(await client.next((message) => message['id'] === 'x3')).toMatchObject({ type: 'error', code: 'NOT_FOUND', message: expect.stringContaining('decoding') });
    client.send({ type: 'practice.next', id: 'x4', recordId: 'five' });
    expect(await client.next((message) => message['id'] === 'x4')).toMatchObject({ type: 'error', code: 'BAD_REQUEST' });
    // One answer is graded at a time on a connection: a double submit gets BUSY for the second.
    const answer = { type: 'practice.answer', recordId: 5, text: 'Beam search keeps several candidate sequences.' };
    client.send({ ...answer, id: 'd1' });
    client.send({ ...answer, id: 'd2' });
    await client.next((message) => message['id'] === 'd1');
    expect(client.received.find((message) => message['id'] === 'd1')).toMatchObject({ type: 'practice.grade' });
    expect(client.received.find((message) => message['id'] === 'd2')).toMatchObject({ type: 'error', code: 'BUSY' });
    client.send({ type: 'practice.next', id: 'ok' });
    expect(await client.next((message) => message['id'] === 'ok')).toMatchObject({ type: 'practice.question' });
    await client.close();
  });
});

describe('forgetting a learner while an answer of theirs is being graded', () => {
  it('does not keep the answer: nothing is written under the forgotten id, in this tab or another', async () => {
    const data = await createTemporaryDirectory('forget-race-');
    // The LLM grader is slow here (its first byte 800 ms late), so the forget lands mid-grading.
    const llm = await startLlmTestServer({ behavior: { kind: 'delay-first-byte', delayMs: 800 } }, { DATA_DIR: data.directory });
    try {
      const { client: first } = await openTestSocket(llm.server.websocketUrl);
      first.send({ type: 'learner', id: 'l1' });
      const issued = await first.next((message) => message['id'] === 'l1');
      const { client: second } = await openTestSocket(llm.server.websocketUrl);
      second.send({ type: 'learner', id: 'l2', learner: issued['learner'], token: issued['token'] });
      await second.next((message) => message['id'] === 'l2');

      const answer = { type: 'practice.answer', recordId: 5, text: 'Beam search keeps the k most probable sequences at each step.' };
      first.send({ ...answer, id: 'a1' });
      second.send({ ...answer, id: 'a2' });
      await new Promise((resolve) => setTimeout(resolve, 100));
      first.send({ type: 'practice.forget', id: 'f1' });
      await first.next((message) => message['id'] === 'f1');
      for (const [client, id] of [[first, 'a1'], [second, 'a2']] as const) {
        expect(await client.next((message) => message['id'] === id)).toMatchObject({ type: 'error', code: 'ABORTED', message: expect.stringMatching(/not kept/u) });
      }
      const database = new Database(path.join(data.directory, DATABASE_FILE), { readonly: true });
      try {
        const count = (table: string, column: string) => (database.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE ${column} = ?`).get(issued['learner']) as { n: number }).n;
        expect([count('learners', 'id'), count('attempts', 'learner_id'), count('schedules', 'learner_id'), count('sessions', 'learner_id')]).toEqual([0, 0, 0, 0]);
      } finally {
        database.close();
      }
      await first.close();
      await second.close();
    } finally {
      await llm.stop();
      await data.remove();
    }
  });

  it('aborts an answer graded for the forgotten learner even when its session has moved to another learner meanwhile', async () => {
    const data = await createTemporaryDirectory('forget-switch-');
    const llm = await startLlmTestServer({ behavior: { kind: 'delay-first-byte', delayMs: 800 } }, { DATA_DIR: data.directory });
    try {
      const [first, second, third] = await Promise.all([0, 1, 2].map(async () => (await openTestSocket(llm.server.websocketUrl)).client));
      if (!first || !second || !third) throw new Error('three sockets expected');
      first.send({ type: 'learner', id: 'l1' });
      const forgotten = await first.next((message) => message['id'] === 'l1');
      third.send({ type: 'learner', id: 'l3' });
      const elsewhere = await third.next((message) => message['id'] === 'l3');
      second.send({ type: 'learner', id: 'l2', learner: forgotten['learner'], token: forgotten['token'] });
      await second.next((message) => message['id'] === 'l2');

      first.send({ type: 'practice.answer', id: 'a1', recordId: 5, text: 'Beam search keeps the k most probable sequences at each step.' });
      await new Promise((resolve) => setTimeout(resolve, 100));
      // Mid-grading, the first tab moves to another learner, then the second tab forgets the first learner.
      first.send({ type: 'learner', id: 'l4', learner: elsewhere['learner'], token: elsewhere['token'] });
      await first.next((message) => message['id'] === 'l4');
      second.send({ type: 'practice.forget', id: 'f1' });
      await second.next((message) => message['id'] === 'f1');
      expect(await first.next((message) => message['id'] === 'a1')).toMatchObject({ type: 'error', code: 'ABORTED' });
      const database = new Database(path.join(data.directory, DATABASE_FILE), { readonly: true });
      try {
        expect((database.prepare('SELECT COUNT(*) AS n FROM learners WHERE id = ?').get(forgotten['learner']) as { n: number }).n).toBe(0);
        expect((database.prepare('SELECT COUNT(*) AS n FROM attempts WHERE learner_id = ?').get(forgotten['learner']) as { n: number }).n).toBe(0);
      } finally {
        database.close();
      }
      await Promise.all([first.close(), second.close(), third.close()]);
    } finally {
      await llm.stop();
      await data.remove();
    }
  });
});
