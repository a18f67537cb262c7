import type { ConversationTurn } from '../tutor/index.js';

/** What is kept of a chat session across restarts (the live connection and answer in flight are not). */
export interface PersistedSession {
  id: string;
  /** The learner whose practice progress the session uses. */
  learnerId: string;
  /** The address bucket that owns it (for the per-address cap). */
  owner: string;
  /** SHA-256 of the current resume token. */
  tokenHash: Buffer;
  previousToken: { hash: Buffer; until: number } | undefined;
  history: ConversationTurn[];
  lastActive: number;
}

/**
 * Where sessions are kept across restarts. The session store writes through it on every change that
 * matters (a stored session, an answer added, a resume, a reset) and reads it once at start. The
 * SQLite implementation is the default; a server database can take its place for several replicas.
 */
export interface SessionPersistence {
  /** Every session kept, least recently active first. */
  loadAll(): PersistedSession[];
  save(session: PersistedSession): void;
  delete(sessionId: string): void;
}
