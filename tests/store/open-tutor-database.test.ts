import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreError } from '../../src/errors/index.js';
import { DATABASE_FILE, migrations, openTutorDatabase, SqlitePracticeStore, SqliteSessionPersistence, type PersistedSession } from '../../src/store/index.js';
import { createTemporaryDirectory } from '../helpers/temporary-directory.js';

let temporary: { directory: string; remove: () => Promise<void> };
beforeEach(async () => {
  temporary = await createTemporaryDirectory('tutor-store-');
});
afterEach(async () => {
  await temporary.remove();
});

const session = (id: string, lastActive: number): PersistedSession => ({
  id,
  learnerId: `learner-of-${id}`,
  owner: '127.0.0.1',
  tokenHash: Buffer.alloc(32, 7),
  previousToken: { hash: Buffer.alloc(32, 8), until: lastActive + 1000 },
  history: [
    { role: 'user', content: 'What is RAG?' },
    { role: 'assistant', content: 'Retrieve, rerank, generate. [Q36]', citations: [36] },
  ],
  lastActive,
});

describe('openTutorDatabase', () => {
  it('creates DATA_DIR and the schema on first start, in WAL mode, at the newest version', async () => {
    const dataDirectory = path.join(temporary.directory, 'nested', 'data');
    const database = await openTutorDatabase(dataDirectory);
    expect(database.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(database.pragma('user_version', { simple: true })).toBe(migrations.at(-1)?.version);
    const tables = database.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all().map((row) => row.name);
    expect(tables).toEqual(expect.arrayContaining(['attempts', 'learners', 'schedules', 'sessions']));
    database.close();
  });

  it('keeps sessions across a close and a new open (a restart)', async () => {
    const first = await openTutorDatabase(temporary.directory);
    new SqliteSessionPersistence(first).save(session('a', 1000));
    first.close();
    const second = await openTutorDatabase(temporary.directory);
    expect(new SqliteSessionPersistence(second).loadAll()).toEqual([session('a', 1000)]);
    second.close();
  });

  it('takes writes from two connections to the same file at once', async () => {
    const [left, right] = await Promise.all([openTutorDatabase(temporary.directory), openTutorDatabase(temporary.directory)]);
    const leftSessions = new SqliteSessionPersistence(left);
    const rightSessions = new SqliteSessionPersistence(right);
    for (let index = 0; index < 200; index += 1) {
      leftSessions.save(session(`left-${index}`, index));
      rightSessions.save(session(`right-${index}`, index));
    }
    rightSessions.delete('left-0');
    const kept = leftSessions.loadAll();
    expect(kept).toHaveLength(399);
    expect(kept.map((row) => row.lastActive)).toEqual([...kept.map((row) => row.lastActive)].sort((a, b) => a - b));
    left.close();
    right.close();
  });

  it('stops with a StoreError on a file that is not a database, and leaves the file as it was', async () => {
    const file = path.join(temporary.directory, DATABASE_FILE);
    await writeFile(file, 'these are notes, not a database '.repeat(200));
    const opening = openTutorDatabase(temporary.directory);
    await expect(opening).rejects.toBeInstanceOf(StoreError);
    await expect(opening).rejects.toThrow(/not a readable SQLite database.*left as it is/u);
    expect(await readFile(file, 'utf8')).toBe('these are notes, not a database '.repeat(200));
  });

  it('stops with a StoreError when DATA_DIR cannot be created or the file cannot be opened', async () => {
    // Tests may run as root, whom permissions do not stop: a file in the way and a folder in place of the file do.
    const blocker = path.join(temporary.directory, 'a-file');
    await writeFile(blocker, 'x');
    await expect(openTutorDatabase(path.join(blocker, 'data'))).rejects.toThrow(/cannot create DATA_DIR/u);
    await mkdir(path.join(temporary.directory, 'data', DATABASE_FILE), { recursive: true });
    await expect(openTutorDatabase(path.join(temporary.directory, 'data'))).rejects.toThrow(/cannot open or write the data file/u);
  });

  it('migrates a version-1 file in place: progress kept, attempt counts and last grades moved onto the schedules', async () => {
    const file = path.join(temporary.directory, DATABASE_FILE);
    const old = new Database(file);
    old.exec(migrations[0]?.sql ?? '');
    old.pragma('user_version = 1');
    old.prepare("INSERT INTO sessions VALUES ('s1', '127.0.0.1', ?, NULL, NULL, '[]', 5)").run(Buffer.alloc(32));
    old.prepare("INSERT INTO learners VALUES ('s1', ?, 1, 5)").run(Buffer.alloc(32));
    const attempt = old.prepare("INSERT INTO attempts (learner_id, record_id, language, answer, score, verdict, grader, created_at) VALUES ('s1', 6, 'en', 'x', ?, ?, 'lexical', ?)");
    attempt.run(0.1, 'missed', 1);
    attempt.run(0.9, 'strong', 2);
    old.prepare("INSERT INTO schedules VALUES ('s1', 6, '{}', 99)").run();
    old.close();
    const database = await openTutorDatabase(temporary.directory);
    expect(database.pragma('user_version', { simple: true })).toBe(migrations.at(-1)?.version);
    expect(new SqlitePracticeStore(database).progress('s1')).toEqual([{ recordId: 6, attempts: 2, lastScore: 0.9, lastVerdict: 'strong', dueAt: 99 }]);
    expect(new SqliteSessionPersistence(database).loadAll()).toMatchObject([{ id: 's1', learnerId: 's1' }]);
    // Version 1 kept the session's resume-token hash on the learner: after the migration it opens nothing.
    expect(new SqlitePracticeStore(database).learnerTokenHash('s1')).toBeUndefined();
    expect(new SqlitePracticeStore(database).practiceDays('s1', 0, 10)).toEqual([0]);
    database.close();
  });

  it('refuses a file from a newer tutor (a higher schema version) without changing it', async () => {
    const database = await openTutorDatabase(temporary.directory);
    database.pragma('user_version = 99');
    database.close();
    await expect(openTutorDatabase(temporary.directory)).rejects.toThrow(/schema version 99, newer than/u);
  });
});
