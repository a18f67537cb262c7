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
  {
    version: 2,
    description: 'a session names its learner with a token of its own; schedules carry the attempt count and the last grade, so old attempts can be dropped; the hours practised, for the streak',
    sql: `
      ALTER TABLE sessions ADD COLUMN learner_id TEXT;
      ALTER TABLE schedules ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE schedules ADD COLUMN last_score REAL NOT NULL DEFAULT 0;
      ALTER TABLE schedules ADD COLUMN last_verdict TEXT NOT NULL DEFAULT 'missed';
      UPDATE schedules SET
        attempts = (SELECT COUNT(*) FROM attempts a WHERE a.learner_id = schedules.learner_id AND a.record_id = schedules.record_id),
        last_score = COALESCE((SELECT score FROM attempts a WHERE a.learner_id = schedules.learner_id AND a.record_id = schedules.record_id ORDER BY a.id DESC LIMIT 1), 0),
        last_verdict = COALESCE((SELECT verdict FROM attempts a WHERE a.learner_id = schedules.learner_id AND a.record_id = schedules.record_id ORDER BY a.id DESC LIMIT 1), 'missed');
      CREATE INDEX learners_by_last_active ON learners (last_active);
      -- Version 1 kept the session's resume-token hash as the learner's: a spent token must not open it.
      UPDATE learners SET token_hash = x'';
      -- The hours with an answer, kept apart from the trimmed attempts, for the streak.
      CREATE TABLE practice_hours (
        learner_id TEXT NOT NULL REFERENCES learners (id) ON DELETE CASCADE,
        hour INTEGER NOT NULL,
        PRIMARY KEY (learner_id, hour)
      ) WITHOUT ROWID;
      INSERT OR IGNORE INTO practice_hours SELECT learner_id, created_at / 3600000 FROM attempts;
    `,
  },
];
