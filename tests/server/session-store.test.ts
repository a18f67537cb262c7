import { describe, expect, it } from 'vitest';
import { SessionStore, type Session, type SessionHolder } from '../../src/server/index.js';

function createStore(overrides: Partial<ConstructorParameters<typeof SessionStore>[0]> = {}) {
  let now = 0;
  const store = new SessionStore({ maxSessions: 3, sessionsPerOwner: 10, idleMs: 1000, historyBudget: { messages: 4, characters: 100 }, now: () => now, ...overrides });
  return { store, advance: (milliseconds: number) => (now += milliseconds) };
}

/** A connection stand-in that records whether it was taken over. */
function holder(): SessionHolder & { takenOver: number } {
  return {
    takenOver: 0,
    takeOver() {
      this.takenOver += 1;
    },
  };
}

/** A stored session with one exchange, released by its connection (as after a disconnect). */
function storedSession(store: SessionStore, owner = '203.0.113.1', content = 'hello'): { session: Session; token: string } {
  const connection = holder();
  const draft = store.draft(owner, connection);
  store.keep(draft.session);
  store.append(draft.session, { role: 'user', content }, { role: 'assistant', content: 'answer' });
  store.release(draft.session, connection);
  return draft;
}

describe('SessionStore', () => {
  it('does not store a session before its first ask', () => {
    const { store } = createStore();
    for (let index = 0; index < 10; index += 1) store.draft('203.0.113.1', holder());
    expect(store.size).toBe(0);
  });

  it('resumes a session with its token, and only with it', () => {
    const { store } = createStore();
    const { session, token } = storedSession(store);
    expect(() => store.resume(session.id, 'not-the-token', '203.0.113.1', holder())).toThrow(/no conversation to resume/u);
    expect(() => store.resume('unknown', token, '203.0.113.1', holder())).toThrow(/no conversation to resume/u);
    const resumed = store.resume(session.id, token, '203.0.113.1', holder());
    expect(resumed.session).toBe(session);
    expect(session.history).toHaveLength(2);
  });

  it('replaces the token on every resume; a spent token dies once its replacement is used', () => {
    const { store } = createStore();
    const { session, token } = storedSession(store);
    const first = store.resume(session.id, token, '203.0.113.1', holder());
    expect(first.token).not.toBe(token);
    const second = store.resume(session.id, first.token, '203.0.113.1', holder());
    expect(() => store.resume(session.id, token, '203.0.113.1', holder())).toThrow(/no conversation to resume/u);
    expect(store.resume(session.id, second.token, '203.0.113.1', holder()).session).toBe(session);
  });

  it('lets a page whose new token never arrived come back with the spent one, within the grace period only', () => {
    const { store, advance } = createStore({ idleMs: 3_600_000, resumeGraceMs: 1000 });
    const { session, token } = storedSession(store);
    store.resume(session.id, token, '203.0.113.1', holder());
    // The new token was lost with the connection: the spent one works again, and again yields a new one.
    const retried = store.resume(session.id, token, '203.0.113.1', holder());
    expect(retried.session).toBe(session);
    advance(1500);
    expect(() => store.resume(session.id, token, '203.0.113.1', holder())).toThrow(/no conversation to resume/u);
    expect(store.resume(session.id, retried.token, '203.0.113.1', holder()).session).toBe(session);
  });

  it('takes a session over from the connection holding it', () => {
    const { store } = createStore();
    const owner = holder();
    const { session, token } = store.draft('203.0.113.1', owner);
    store.keep(session);
    const newcomer = holder();
    store.resume(session.id, token, '203.0.113.1', newcomer);
    expect(owner.takenOver).toBe(1);
    expect(session.holder).toBe(newcomer);
    // The old connection closing afterwards does not release the newcomer's hold.
    store.release(session, owner);
    expect(session.holder).toBe(newcomer);
  });

  it('moves every session bound to a forgotten learner, stored or held by an open connection, to a new learner of its own, and aborts its grading', () => {
    const { store } = createStore();
    const kept = storedSession(store).session;
    const connection = holder();
    const draft = store.draft('203.0.113.2', connection).session;
    const other = storedSession(store, '203.0.113.4').session;
    const closed = store.draft('203.0.113.5', holder());
    for (const session of [kept, draft, closed.session]) store.setLearner(session, 'learner-1');
    store.release(closed.session, closed.session.holder as SessionHolder);
    const grading = new AbortController();
    const otherGrading = new AbortController();
    store.trackGrading('learner-1', grading);
    const untrack = store.trackGrading('learner-2', otherGrading);
    const finished = new AbortController();
    store.trackGrading('learner-1', finished)();
    store.forgetLearner('learner-1');
    untrack();
    expect(kept.learnerId).not.toBe('learner-1');
    expect(draft.learnerId).not.toBe('learner-1');
    expect(kept.learnerId).not.toBe(draft.learnerId);
    expect(grading.signal.reason).toMatchObject({ code: 'ABORTED', message: expect.stringMatching(/not kept/u) });
    // Only the forgotten learner's gradings, and only those still running.
    expect(otherGrading.signal.aborted).toBe(false);
    expect(finished.signal.aborted).toBe(false);
    expect(other.learnerId).toBe(other.id);
    // A draft whose connection has closed is no longer tracked (it can never be used again).
    expect(closed.session.learnerId).toBe('learner-1');
  });

  it('never keeps the token itself', () => {
    const { store } = createStore();
    const { session, token } = storedSession(store);
    expect(JSON.stringify(session)).not.toContain(token);
    expect(session.tokenHash.toString('base64url')).not.toBe(token);
  });

  it('keeps only the last messages of a history', () => {
    const { store } = createStore();
    const { session } = store.draft('203.0.113.1', holder());
    store.keep(session);
    for (let index = 0; index < 6; index += 1) store.append(session, { role: 'user', content: `m${index}` });
    expect(session.history.map((turn) => turn.content)).toEqual(['m2', 'm3', 'm4', 'm5']);
  });

  it('drops old turns beyond the character budget', () => {
    const { store } = createStore();
    const { session } = store.draft('203.0.113.1', holder());
    store.append(session, { role: 'user', content: 'a'.repeat(60) }, { role: 'assistant', content: 'b'.repeat(60) });
    expect(session.history.map((turn) => turn.content[0])).toEqual(['b']);
  });

  it('cuts an entry longer than the entry budget, with a marker', () => {
    const { store } = createStore({ historyBudget: { messages: 4, characters: 100, entryCharacters: 60 } });
    const { session } = store.draft('203.0.113.1', holder());
    store.append(session, { role: 'assistant', content: 'word '.repeat(1000) });
    const kept = session.history[0]?.content ?? '';
    expect(kept.length).toBeLessThanOrEqual(60);
    expect(kept).toMatch(/more characters not kept\]$/u);
  });

  it('expires idle sessions without a connection', () => {
    const { store, advance } = createStore();
    const { session, token } = storedSession(store);
    advance(1500);
    store.sweep();
    expect(() => store.resume(session.id, token, '203.0.113.1', holder())).toThrow(/no conversation to resume/u);
  });

  it('keeps an idle session that a connection still holds', () => {
    const { store, advance } = createStore();
    const { session, token } = store.draft('203.0.113.1', holder());
    store.keep(session);
    advance(1500);
    store.sweep();
    expect(store.resume(session.id, token, '203.0.113.1', holder()).session).toBe(session);
  });

  it('makes room with an emptied session before one with history', () => {
    const { store, advance } = createStore();
    const older = storedSession(store, '203.0.113.1');
    advance(10);
    const emptied = storedSession(store, '203.0.113.2');
    store.reset(emptied.session);
    advance(10);
    storedSession(store, '203.0.113.3');
    advance(10);
    storedSession(store, '203.0.113.4');
    expect(store.size).toBe(3);
    expect(store.has(older.session)).toBe(true);
    expect(store.has(emptied.session)).toBe(false);
  });

  it('makes room from the address holding the most sessions, not from a lone learner', () => {
    const { store, advance } = createStore({ maxSessions: 4 });
    const learner = storedSession(store, '198.51.100.7');
    for (let index = 0; index < 10; index += 1) {
      advance(10);
      storedSession(store, '203.0.113.66', `flood ${index}`);
    }
    expect(store.size).toBe(4);
    expect(store.has(learner.session)).toBe(true);
  });

  it('caps the sessions of one address, evicting its own oldest, and refuses when all are in use', () => {
    const { store } = createStore({ maxSessions: 100, sessionsPerOwner: 2 });
    const other = storedSession(store, '198.51.100.7');
    const first = storedSession(store, '203.0.113.66');
    storedSession(store, '203.0.113.66');
    storedSession(store, '203.0.113.66');
    expect(store.has(first.session)).toBe(false);
    expect(store.has(other.session)).toBe(true);
    expect(store.size).toBe(3);

    const { store: busy } = createStore({ maxSessions: 100, sessionsPerOwner: 2 });
    for (let index = 0; index < 2; index += 1) busy.keep(busy.draft('203.0.113.66', holder()).session);
    expect(() => busy.keep(busy.draft('203.0.113.66', holder()).session)).toThrow(/holds 2 conversations in use/u);
  });

  it('refuses a new session rather than drop one in use when the store is full', () => {
    const { store } = createStore({ maxSessions: 2 });
    store.keep(store.draft('203.0.113.1', holder()).session);
    store.keep(store.draft('203.0.113.2', holder()).session);
    expect(() => store.keep(store.draft('203.0.113.3', holder()).session)).toThrow(/as many conversations as it can/u);
    expect(store.size).toBe(2);
  });
});

describe('SessionStore with the SQLite store behind it', () => {
  it('brings conversations back after a restart, with the same tokens, bounds and expiry', async () => {
    const { openTutorDatabase, SqliteSessionPersistence } = await import('../../src/store/index.js');
    const { createTemporaryDirectory } = await import('../helpers/temporary-directory.js');
    const temporary = await createTemporaryDirectory('tutor-sessions-');
    try {
      let now = 0;
      const options = { maxSessions: 3, sessionsPerOwner: 10, idleMs: 1000, historyBudget: { messages: 4, characters: 100 }, now: () => now };
      const first = await openTutorDatabase(temporary.directory);
      const before = new SessionStore({ ...options, persistence: new SqliteSessionPersistence(first) });
      const kept = storedSession(before, '203.0.113.1', 'kept');
      const stale = storedSession(before, '203.0.113.2', 'stale');
      now += 600;
      before.append(kept.session, { role: 'user', content: 'again' }, { role: 'assistant', content: 'answer 2' });
      first.close();

      // 600 ms later the stale session has been idle 1,200 ms, over the limit: it is not brought back.
      now += 600;
      const second = await openTutorDatabase(temporary.directory);
      const after = new SessionStore({ ...options, persistence: new SqliteSessionPersistence(second) });
      expect(after.size).toBe(1);
      expect(() => after.resume(stale.session.id, stale.token, '203.0.113.2', holder())).toThrow(/no conversation to resume/u);
      const resumed = after.resume(kept.session.id, kept.token, '203.0.113.1', holder());
      expect(resumed.session.history.map((turn) => turn.content)).toEqual(['kept', 'answer', 'again', 'answer 2']);
      // The expired session is gone from the file too, and the resume's new token was saved.
      const rows = new SqliteSessionPersistence(second).loadAll();
      expect(rows.map((row) => row.id)).toEqual([kept.session.id]);
      expect(rows[0]?.tokenHash.equals(resumed.session.tokenHash)).toBe(true);
      second.close();

      // More sessions kept than MAX_SESSIONS allows: the least recently active go, no other.
      const third = await openTutorDatabase(temporary.directory);
      const persistence = new SqliteSessionPersistence(third);
      persistence.delete(kept.session.id);
      for (const [index, owner] of ['203.0.113.7', '203.0.113.8', '203.0.113.8'].entries()) {
        persistence.save({ id: `s${index}`, learnerId: `s${index}`, owner, tokenHash: Buffer.alloc(32), previousToken: undefined, history: [], lastActive: now - 10 + index });
      }
      const bounded = new SessionStore({ ...options, maxSessions: 3, sessionsPerOwner: 1, persistence });
      expect(bounded.size).toBe(3);
      expect(persistence.loadAll().map((row) => row.id)).toEqual(expect.arrayContaining(['s0', 's1', 's2']));
      const smaller = new SessionStore({ ...options, maxSessions: 2, persistence });
      expect(smaller.size).toBe(2);
      expect(persistence.loadAll().map((row) => row.id).sort()).toEqual(['s1', 's2']);
      third.close();
    } finally {
      await temporary.remove();
    }
  });
});
