import { describe, expect, it } from 'vitest';
import { SessionStore } from '../../src/server/index.js';

function createStore(overrides: Partial<ConstructorParameters<typeof SessionStore>[0]> = {}) {
  let now = 0;
  const store = new SessionStore({ maxSessions: 3, idleMs: 1000, historyBudget: { messages: 4, characters: 100 }, now: () => now, ...overrides });
  return { store, advance: (milliseconds: number) => (now += milliseconds) };
}

describe('SessionStore', () => {
  it('resumes a held session by id', () => {
    const { store } = createStore();
    const session = store.open(undefined);
    expect(store.open(session.id)).toBe(session);
  });

  it('keeps only the last messages of a history', () => {
    const { store } = createStore();
    const session = store.open(undefined);
    for (let index = 0; index < 6; index += 1) store.append(session, { role: 'user', content: `m${index}` });
    expect(session.history.map((turn) => turn.content)).toEqual(['m2', 'm3', 'm4', 'm5']);
  });

  it('drops old turns beyond the character budget', () => {
    const { store } = createStore();
    const session = store.open(undefined);
    store.append(session, { role: 'user', content: 'a'.repeat(60) }, { role: 'assistant', content: 'b'.repeat(60) });
    expect(session.history.map((turn) => turn.content[0])).toEqual(['b']);
  });

  it('expires idle sessions without a connection', () => {
    const { store, advance } = createStore();
    const session = store.open(undefined);
    advance(1500);
    expect(store.open(session.id)).not.toBe(session);
  });

  it('keeps an idle session that still has a connection', () => {
    const { store, advance } = createStore();
    const session = store.open(undefined);
    session.connections = 1;
    advance(1500);
    expect(store.open(session.id)).toBe(session);
  });

  it('stays bounded in number, dropping the longest idle session first', () => {
    const { store, advance } = createStore();
    const first = store.open(undefined);
    advance(10);
    const second = store.open(undefined);
    advance(10);
    store.open(undefined);
    advance(10);
    store.open(undefined);
    expect(store.size).toBe(3);
    expect(store.open(second.id)).toBe(second);
    expect(store.open(first.id)).not.toBe(first);
  });
});
