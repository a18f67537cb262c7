/**
 * The store's schema, one step per version, applied in order on open (SQLite's `user_version`
 * records how far a file has come). Steps are never edited once released: a change is a new step.
 */
export const migrations: readonly { version: number; description: string; sql: string }[] = [
  {
    version: 1,
    description: 'sessions with their history; learners, practice attempts and review schedules',
    sql: `
      CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        owner TEXT NOT NULL,
        token_hash BLOB NOT NULL,
        previous_token_hash BLOB,
        previous_token_until INTEGER,
        history TEXT NOT NULL,
        last_active INTEGER NOT NULL
      );
      CREATE INDEX sessions_by_last_active ON sessions (last_active);
      CREATE TABLE learners (
        id TEXT PRIMARY KEY,
        token_hash BLOB NOT NULL,
        created_at INTEGER NOT NULL,
        last_active INTEGER NOT NULL
      );
      CREATE TABLE attempts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        learner_id TEXT NOT NULL REFERENCES learners (id) ON DELETE CASCADE,
        record_id INTEGER NOT NULL,
        language TEXT NOT NULL,
        answer TEXT NOT NULL,
        score REAL NOT NULL,
        verdict TEXT NOT NULL,
        grader TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX attempts_by_learner ON attempts (learner_id, record_id);
      CREATE TABLE schedules (
        learner_id TEXT NOT NULL REFERENCES learners (id) ON DELETE CASCADE,
        record_id INTEGER NOT NULL,
        card TEXT NOT NULL,
        due_at INTEGER NOT NULL,
        PRIMARY KEY (learner_id, record_id)
      );
    `,
  },
];
