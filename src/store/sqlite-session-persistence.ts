import type Database from 'better-sqlite3';
import type { ConversationTurn } from '../tutor/index.js';
import type { PersistedSession, SessionPersistence } from './session-persistence.js';

interface SessionRow {
  id: string;
  learner_id: string | null;
  owner: string;
  token_hash: Buffer;
  previous_token_hash: Buffer | null;
  previous_token_until: number | null;
  history: string;
  last_active: number;
}

/**
 * Sessions in the SQLite store (table `sessions`, history as JSON). Statements are prepared once;
 * each write is one statement, a few tens of microseconds in WAL mode, made at turn boundaries only
 * (never per streamed token).
 */
export class SqliteSessionPersistence implements SessionPersistence {
  private readonly selectAll: Database.Statement<[], SessionRow>;
  private readonly upsert: Database.Statement<[SessionRow]>;
  private readonly remove: Database.Statement<[string]>;

  constructor(database: Database.Database) {
    this.selectAll = database.prepare<[], SessionRow>('SELECT * FROM sessions ORDER BY last_active');
    this.upsert = database.prepare<[SessionRow]>(`
      INSERT INTO sessions (id, learner_id, owner, token_hash, previous_token_hash, previous_token_until, history, last_active)
      VALUES (@id, @learner_id, @owner, @token_hash, @previous_token_hash, @previous_token_until, @history, @last_active)
      ON CONFLICT (id) DO UPDATE SET learner_id = excluded.learner_id, owner = excluded.owner, token_hash = excluded.token_hash,
        previous_token_hash = excluded.previous_token_hash, previous_token_until = excluded.previous_token_until,
        history = excluded.history, last_active = excluded.last_active`);
    this.remove = database.prepare<[string]>('DELETE FROM sessions WHERE id = ?');
  }

  loadAll(): PersistedSession[] {
    return this.selectAll.all().flatMap((row) => {
      const history = parseHistory(row.history);
      if (!history) return [];
      return [
        {
          id: row.id,
          learnerId: row.learner_id ?? row.id,
          owner: row.owner,
          tokenHash: row.token_hash,
          previousToken: row.previous_token_hash && row.previous_token_until !== null ? { hash: row.previous_token_hash, until: row.previous_token_until } : undefined,
          history,
          lastActive: row.last_active,
        },
      ];
    });
  }

  save(session: PersistedSession): void {
    this.upsert.run({
      id: session.id,
      learner_id: session.learnerId,
      owner: session.owner,
      token_hash: session.tokenHash,
      previous_token_hash: session.previousToken?.hash ?? null,
      previous_token_until: session.previousToken?.until ?? null,
      history: JSON.stringify(session.history),
      last_active: session.lastActive,
    });
  }

  delete(sessionId: string): void {
    this.remove.run(sessionId);
  }
}

/** A history that is not a list of turns (edited by hand, say) loses that session, not the start. */
function parseHistory(text: string): ConversationTurn[] | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? (parsed as ConversationTurn[]) : undefined;
  } catch {
    return undefined;
  }
}
