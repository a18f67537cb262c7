export { openTutorDatabase, DATABASE_FILE } from './open-tutor-database.js';
export { migrations } from './migrations.js';
export type { PersistedSession, SessionPersistence } from './session-persistence.js';
export { SqliteSessionPersistence } from './sqlite-session-persistence.js';
export { SqlitePracticeStore } from './sqlite-practice-store.js';
