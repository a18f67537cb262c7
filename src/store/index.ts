export { openTutorDatabase, DATABASE_FILE } from './open-tutor-database.js';
export { migrations } from './migrations.js';
export type { PersistedSession, SessionPersistence } from './session-persistence.js';
export { SqliteSessionPersistence } from './sqlite-session-persistence.js';
export { ATTEMPTS_KEPT_PER_RECORD, SqlitePracticeStore } from './sqlite-practice-store.js';
