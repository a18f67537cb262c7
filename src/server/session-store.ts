import { randomUUID } from 'node:crypto';
import { withinBudget, type ConversationTurn, type HistoryBudget } from '../tutor/index.js';

/** An answer being streamed for a session. */
export interface ActiveAnswer {
  id: string | number;
  controller: AbortController;
}

/** One chat session: its bounded history and the answer in flight, if any. */
export interface Session {
  readonly id: string;
  history: ConversationTurn[];
  lastActive: number;
  connections: number;
  activeAnswer: ActiveAnswer | undefined;
}

/** Bounds of the store. */
export interface SessionStoreOptions {
  maxSessions: number;
  idleMs: number;
  /** The conversation's budget, the same the LLM sees (see withinBudget). */
  historyBudget: HistoryBudget;
  now?: () => number;
}

/**
 * Keeps chat sessions in memory so that a reconnecting page resumes its conversation. Bounded in
 * number (the longest-idle session without a connection goes first) and in age (idle sessions expire),
 * and each history is bounded in messages and characters: old turns drop out.
 */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  private readonly options: SessionStoreOptions;
  private readonly now: () => number;

  constructor(options: SessionStoreOptions) {
    this.options = options;
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.sessions.size;
  }

  /** The session with this id if it is still held, else a new one. */
  open(requestedId: string | undefined): Session {
    this.sweep();
    const existing = requestedId === undefined ? undefined : this.sessions.get(requestedId);
    if (existing) {
      existing.lastActive = this.now();
      // Re-inserting keeps the map ordered by last use, oldest first.
      this.sessions.delete(existing.id);
      this.sessions.set(existing.id, existing);
      return existing;
    }
    this.makeRoom();
    const session: Session = { id: randomUUID(), history: [], lastActive: this.now(), connections: 0, activeAnswer: undefined };
    this.sessions.set(session.id, session);
    return session;
  }

  /** Adds turns to a session's history and drops the oldest beyond the history budget. */
  append(session: Session, ...turns: ConversationTurn[]): void {
    const kept = withinBudget([...session.history, ...turns], this.options.historyBudget);
    // In place: an answer in flight compares the array it started with to tell a reset apart.
    session.history.splice(0, session.history.length, ...kept);
    session.lastActive = this.now();
  }

  /** Forgets a session's history. */
  reset(session: Session): void {
    session.history = [];
    session.lastActive = this.now();
  }

  /** Drops sessions idle for longer than allowed (never one with a connection or an answer in flight). */
  sweep(): void {
    const limit = this.now() - this.options.idleMs;
    for (const session of this.sessions.values()) {
      if (session.lastActive < limit && session.connections === 0 && !session.activeAnswer) this.sessions.delete(session.id);
    }
  }

  private makeRoom(): void {
    if (this.sessions.size < this.options.maxSessions) return;
    for (const session of this.sessions.values()) {
      if (session.connections === 0 && !session.activeAnswer) {
        this.sessions.delete(session.id);
        return;
      }
    }
    // Every session is connected: drop the least recently used anyway, the store must stay bounded.
    const oldest = this.sessions.keys().next();
    if (!oldest.done) this.sessions.delete(oldest.value);
  }
}
