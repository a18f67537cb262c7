import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import { StoreError } from '../errors/index.js';
import { migrations } from './migrations.js';

/** The file name of the store inside DATA_DIR. */
export const DATABASE_FILE = 'tutor.db';

/**
 * Opens (creating on first start) the SQLite store in `dataDirectory`: WAL mode (readers do not wait
 * for the writer), foreign keys on, and the schema migrated to the newest version in one transaction.
 * A file that is not a database, is from a newer version, or cannot be written stops the start with
 * a StoreError that names the file and says what to do; the file itself is never changed or removed.
 */
export async function openTutorDatabase(dataDirectory: string): Promise<Database.Database> {
  const file = path.join(dataDirectory, DATABASE_FILE);
  try {
    await mkdir(dataDirectory, { recursive: true });
  } catch (error) {
    throw new StoreError(file, `cannot create DATA_DIR ${dataDirectory}: ${(error as Error).message}`, { cause: error });
  }
  let database: Database.Database | undefined;
  try {
    database = new Database(file, { fileMustExist: false });
    database.pragma('journal_mode = WAL');
    // NORMAL in WAL mode: a commit survives a crash of the process; only a power loss may lose the last one.
    database.pragma('synchronous = NORMAL');
    database.pragma('foreign_keys = ON');
    // Short: a write that waits on another process's lock blocks this event loop, every learner with it.
    database.pragma('busy_timeout = 250');
    migrate(database, file);
    // A file that opens but cannot be written (read-only) must stop the start, not fail each write later.
    database.pragma(`user_version = ${Number(database.pragma('user_version', { simple: true }))}`);
    return database;
  } catch (error) {
    database?.close();
    if (error instanceof StoreError) throw error;
    throw new StoreError(file, describeOpenFailure(error as Error & { code?: string }), { cause: error });
  }
}

function migrate(database: Database.Database, file: string): void {
  const current = Number(database.pragma('user_version', { simple: true }));
  const newest = migrations.at(-1)?.version ?? 0;
  if (current > newest) {
    throw new StoreError(file, `the data file is at schema version ${current}, newer than this tutor's ${newest}: run the newer tutor, or point DATA_DIR elsewhere`);
  }
  if (current === newest) return;
  // IMMEDIATE takes the write lock before reading the version again: of two processes starting on one
  // empty file, the second waits and then finds nothing left to do instead of applying a step twice.
  database.transaction(() => {
    const locked = Number(database.pragma('user_version', { simple: true }));
    for (const migration of migrations.filter((step) => step.version > locked)) {
      database.exec(migration.sql);
      database.pragma(`user_version = ${migration.version}`);
    }
  }).immediate();
}

function describeOpenFailure(error: Error & { code?: string }): string {
  switch (error.code) {
    case 'SQLITE_NOTADB':
    case 'SQLITE_CORRUPT':
      return `not a readable SQLite database (${error.message}); the file was left as it is: move it away to start with an empty store`;
    case 'SQLITE_READONLY':
    case 'SQLITE_CANTOPEN':
    case 'SQLITE_IOERR':
    case 'SQLITE_PERM':
      return `cannot open or write the data file (${error.message}): check that DATA_DIR is writable`;
    default:
      return `cannot open the data file: ${error.message}`;
  }
}
