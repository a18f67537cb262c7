import { randomUUID } from 'node:crypto';
import { AbortedError, NotFoundError, RateLimitedError } from '../errors/index.js';
import type { SessionPersistence } from '../store/index.js';
import { withinBudget, type ConversationTurn, type HistoryBudget } from '../tutor/index.js';
import { createResumeToken, resumeTokenMatches } from './resume-token.js';

const defaultResumeGraceMs = 5 * 60_000;

/** An answer being streamed for a session. */
export interface ActiveAnswer {
  id: string | number;
  controller: AbortController;
}

/** The live connection holding a session; told when another connection takes the session over. */
export interface SessionHolder {
  takeOver(): void;
}

/** One chat session: its bounded history, who holds it, and the answer in flight, if any. */
export interface Session {
  readonly id: string;
  /** Whose practice progress this session reads and writes: its own id until the page names a learner it holds the token of. */
  learnerId: string;
  /** SHA-256 of the current resume token; the token itself is never kept. */
  tokenHash: Buffer;
  /** The token last used to resume stays valid until the token it was exchanged for is used, or for a grace period. */
  previousToken: { hash: Buffer; until: number } | undefined;
  history: ConversationTurn[];
  lastActive: number;
  /** The address (see addressBucket) that created or last resumed it, for the per-address cap. */
  owner: string;
  /** The one live connection holding it. */
  holder: SessionHolder | undefined;
  activeAnswer: ActiveAnswer | undefined;
}

/** Bounds of the store. */
export interface SessionStoreOptions {
  maxSessions: number;
  sessionsPerOwner: number;
  idleMs: number;
  /** How long a token spent on a resume stays valid in case its replacement never reached the page (default 5 minutes). */
  resumeGraceMs?: number;
  /** The conversation's budget, the same the LLM sees (see withinBudget). */
  historyBudget: HistoryBudget;
  now?: () => number;
  /** Where sessions outlive a restart (the SQLite store); without it they live in memory only. */
  persistence?: SessionPersistence;
  /** Told when a write to the persistence fails: the conversation goes on in memory. */
  onPersistenceError?: (error: unknown) => void;
}

/**
 * Keeps chat sessions in memory so that a page that reconnects, with its resume token, continues its
 * conversation. A connection starts with a draft session that is stored only at its first ask, so
 * connecting costs the store nothing. Bounded in number per address and in all; when room is needed,
 * empty sessions go first, then the oldest of the address holding the most, and never a session
 * that is held by a connection or answering. Idle sessions expire.
 */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  private readonly perOwner = new Map<string, number>();
  /** Sessions of open connections that are not stored yet (none asked): a forgotten learner is looked for here too. */
  private readonly drafts = new Set<Session>();
  /** Practice answers being graded, with the learner each will be recorded under. */
  private readonly gradings = new Map<AbortController, string>();
  private readonly options: SessionStoreOptions;
  private readonly now: () => number;

  constructor(options: SessionStoreOptions) {
    this.options = options;
    this.now = options.now ?? Date.now;
    // The sessions kept before a restart come back, oldest first, within the same bounds.
    // Per-address caps are not applied here (they were when the sessions were made): only the total,
    // by dropping the least recently active.
    const kept = options.persistence?.loadAll() ?? [];
    for (const [index, persisted] of kept.entries()) {
      const session: Session = { ...persisted, holder: undefined, activeAnswer: undefined };
      if (kept.length - index > options.maxSessions) {
        this.forget(session.id);
        continue;
      }
      this.sessions.set(session.id, session);
      this.perOwner.set(session.owner, this.countOf(session.owner) + 1);
    }
    this.sweep();
  }

  /** Sessions stored. */
  get size(): number {
    return this.sessions.size;
  }

  /** A new session for a connection, not stored yet, and its resume token (to send, never to keep). */
  draft(owner: string, holder: SessionHolder): { session: Session; token: string } {
    const { token, hash } = createResumeToken();
    const id = randomUUID();
    const session: Session = { id, learnerId: id, tokenHash: hash, previousToken: undefined, history: [], lastActive: this.now(), owner, holder, activeAnswer: undefined };
    this.drafts.add(session);
    return { session, token };
  }

  /** Whether the session is in the store (it has been asked something). */
  has(session: Session): boolean {
    return this.sessions.get(session.id) === session;
  }

  /**
   * Stores a draft session, making room if needed.
   * @throws RateLimitedError when its address holds as many sessions as allowed and none can go, or
   *   when the store is full of sessions that are all in use.
   */
  keep(session: Session): void {
    if (this.has(session)) return;
    this.sweep();
    if (this.countOf(session.owner) >= this.options.sessionsPerOwner && !this.evict((candidate) => candidate.owner === session.owner)) {
      throw new RateLimitedError(`your address holds ${this.options.sessionsPerOwner} conversations in use`, 60_000);
    }
    if (this.sessions.size >= this.options.maxSessions && !this.evict(() => true)) {
      throw new RateLimitedError('the tutor holds as many conversations as it can', 60_000);
    }
    session.lastActive = this.now();
    this.sessions.set(session.id, session);
    this.drafts.delete(session);
    this.perOwner.set(session.owner, this.countOf(session.owner) + 1);
    this.persist(session);
  }

  /**
   * Hands a stored session to a connection that proves it with the session's resume token. The token
   * is exchanged for a new one (returned) and the session's previous holder is taken over. The token
   * just spent stays valid until its replacement is used or the grace period ends, so a page whose
   * connection dropped before the new token arrived can still come back.
   * @throws NotFoundError for an unknown or expired session or a wrong token, alike.
   */
  resume(sessionId: string, token: string, owner: string, holder: SessionHolder): { session: Session; token: string } {
    this.sweep();
    const session = this.sessions.get(sessionId);
    const now = this.now();
    const previous = session?.previousToken;
    const current = session !== undefined && resumeTokenMatches(token, session.tokenHash);
    const spent = !current && previous !== undefined && previous.until >= now && resumeTokenMatches(token, previous.hash);
    if (!session || (!current && !spent)) {
      throw new NotFoundError('no conversation to resume with that session and token (it may have expired)');
    }
    const fresh = createResumeToken();
    // Using the current token proves the page has it: the one before it is dead from now on.
    session.previousToken = current ? { hash: session.tokenHash, until: now + (this.options.resumeGraceMs ?? defaultResumeGraceMs) } : previous;
    session.tokenHash = fresh.hash;
    const previousHolder = session.holder;
    session.holder = holder;
    this.setOwner(session, owner);
    this.touch(session);
    this.persist(session);
    if (previousHolder && previousHolder !== holder) previousHolder.takeOver();
    return { session, token: fresh.token };
  }

  /** Points the session at a learner (whose token the connection has shown): its practice reads and writes that learner's progress. */
  setLearner(session: Session, learnerId: string): void {
    session.learnerId = learnerId;
    this.persist(session);
  }

  /**
   * After a learner is forgotten, moves every session bound to it — stored ones, and drafts of other
   * open connections (a tab that claimed it) — to a new learner of its own, and aborts every answer
   * being graded for it, so that nothing more is written under the forgotten id.
   */
  forgetLearner(learnerId: string): void {
    for (const [controller, graded] of this.gradings) {
      if (graded === learnerId) controller.abort(new AbortedError('this answer was not kept: the progress it belonged to was forgotten'));
    }
    for (const session of [...this.sessions.values(), ...this.drafts]) {
      if (session.learnerId === learnerId) this.setLearner(session, randomUUID());
    }
  }

  /**
   * Notes an answer being graded for a learner until the returned function is called, so that
   * forgetting the learner meanwhile aborts it (see `forgetLearner`).
   */
  trackGrading(learnerId: string, controller: AbortController): () => void {
    this.gradings.set(controller, learnerId);
    return () => this.gradings.delete(controller);
  }

  /** A connection lets go of its session (it closed); the session stays for resuming until it expires. */
  release(session: Session, holder: SessionHolder): void {
    if (session.holder !== holder) return;
    this.drafts.delete(session);
    session.holder = undefined;
    session.lastActive = this.now();
    this.persist(session);
  }

  /** Adds turns to a session's history and drops the oldest beyond the history budget. */
  append(session: Session, ...turns: ConversationTurn[]): void {
    const kept = withinBudget([...session.history, ...turns], this.options.historyBudget);
    // In place: an answer in flight compares the array it started with to tell a reset apart.
    session.history.splice(0, session.history.length, ...kept);
    this.touch(session);
    this.persist(session);
  }

  /** Forgets a session's history. */
  reset(session: Session): void {
    session.history = [];
    this.touch(session);
    this.persist(session);
  }

  /** Drops sessions idle for longer than allowed (never one that is held or answering). */
  sweep(): void {
    const limit = this.now() - this.options.idleMs;
    for (const session of this.sessions.values()) {
      if (session.lastActive < limit && this.evictable(session)) this.remove(session);
    }
  }

  private touch(session: Session): void {
    session.lastActive = this.now();
    if (!this.has(session)) return;
    // Re-inserting keeps the map ordered by last use, oldest first.
    this.sessions.delete(session.id);
    this.sessions.set(session.id, session);
  }

  private evictable(session: Session): boolean {
    return session.holder === undefined && session.activeAnswer === undefined;
  }

  /**
   * Removes one session among those the filter admits: an empty one if any (oldest first), else the
   * oldest of the address with the most sessions, so that one address filling the store loses its own
   * sessions before anyone else's. False when every admitted session is in use.
   */
  private evict(admits: (session: Session) => boolean): boolean {
    let heaviest: { owner: string; count: number } | undefined;
    for (const session of this.sessions.values()) {
      if (!admits(session) || !this.evictable(session)) continue;
      if (session.history.length === 0) {
        this.remove(session);
        return true;
      }
      const count = this.countOf(session.owner);
      if (!heaviest || count > heaviest.count) heaviest = { owner: session.owner, count };
    }
    if (!heaviest) return false;
    for (const session of this.sessions.values()) {
      if (session.owner === heaviest.owner && admits(session) && this.evictable(session)) {
        this.remove(session);
        return true;
      }
    }
    return false;
  }

  private forget(sessionId: string): void {
    try {
      this.options.persistence?.delete(sessionId);
    } catch (error) {
      this.options.onPersistenceError?.(error);
    }
  }

  /** Writes a stored session through to the persistence; a failed write is reported, never thrown at a learner. */
  private persist(session: Session): void {
    if (!this.options.persistence || !this.has(session)) return;
    try {
      this.options.persistence.save(session);
    } catch (error) {
      this.options.onPersistenceError?.(error);
    }
  }

  private remove(session: Session): void {
    if (!this.sessions.delete(session.id)) return;
    this.forget(session.id);
    const count = this.countOf(session.owner) - 1;
    if (count <= 0) this.perOwner.delete(session.owner);
    else this.perOwner.set(session.owner, count);
  }

  private setOwner(session: Session, owner: string): void {
    if (session.owner === owner) return;
    if (this.has(session)) {
      const count = this.countOf(session.owner) - 1;
      if (count <= 0) this.perOwner.delete(session.owner);
      else this.perOwner.set(session.owner, count);
      this.perOwner.set(owner, this.countOf(owner) + 1);
    }
    session.owner = owner;
  }

  private countOf(owner: string): number {
    return this.perOwner.get(owner) ?? 0;
  }
}
