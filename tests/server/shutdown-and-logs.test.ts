import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../helpers/fake-openai-server.js';
import { sessionTag } from '../../src/server/index.js';
import { projectRoot } from '../helpers/project-paths.js';
import { createTemporaryDirectory } from '../helpers/temporary-directory.js';
import { connectTestSocket, openTestSocket } from '../helpers/websocket-client.js';

const secret = 'sk-test-secret-0123456789';
const marker = 'zebra-marker-7d1f';
let llm: FakeOpenAiServer;
let temporary: { directory: string; remove: () => Promise<void> };
let child: ChildProcess;
let logs = '';
let url = '';
let exit: Promise<number | null>;
/** The `ready` of the SIGTERM test's connection, whose session id and token must stay out of the logs. */
let ready: Record<string, unknown> = {};

beforeAll(async () => {
  temporary = await createTemporaryDirectory('tutor-shutdown-');
  llm = await startFakeOpenAiServer({ reply: `${'slowly '.repeat(60)}[Q36]`, chunkCharacters: 7, chunkDelayMs: 15 });
  child = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'src/main.ts')], {
    cwd: projectRoot,
    env: { ...process.env, PORT: '0', INDEX_DIR: temporary.directory, DATA_DIR: temporary.directory, MODELS_OFFLINE: '1', LOG_LEVEL: 'info', LLM_BASE_URL: llm.baseUrl, LLM_MODEL: 'fake-model', LLM_API_KEY: secret },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  exit = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  child.stdout?.on('data', (data: Buffer) => (logs += data.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stderr?.on('data', (data: Buffer) => {
      logs += data.toString();
      const match = /"url":"(http:\/\/[^"]+)"/u.exec(logs);
      if (match && url === '') {
        url = match[1] ?? '';
        resolve();
      }
    });
    child.once('exit', () => reject(new Error(`the tutor exited early:\n${logs}`)));
  });
}, 60_000);
afterAll(async () => {
  if (child.exitCode === null) child.kill('SIGKILL');
  await llm.close();
  await temporary.remove();
});

describe('SIGTERM', () => {
  it('lets the answer in flight finish, closes sockets with 1001, refuses new connections and exits 0', async () => {
    const { client, ready: received } = await openTestSocket(`${url.replace('http', 'ws')}/ws`);
    ready = received;
    const closed = new Promise<number>((resolve) => client.socket.once('close', (code) => resolve(code)));
    client.send({ type: 'ask', id: 1, text: `What are the steps in RAG? ${marker}` });
    await client.next((message) => message.type === 'token');
    child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 100));
    await expect(connectTestSocket(`${url.replace('http', 'ws')}/ws`)).rejects.toThrow();
    const done = await client.next((message) => message.type === 'done' || message.type === 'error', 15_000);
    expect(done).toMatchObject({ type: 'done', citations: [36] });
    expect(await closed).toBe(1001);
    expect(await exit).toBe(0);
  }, 30_000);
});

describe('logs', () => {
  it('are one JSON object per line', () => {
    const lines = logs.trim().split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(lines.map((line) => (JSON.parse(line) as { event?: string }).event)).toEqual(expect.arrayContaining(['server.listening', 'answer.done', 'server.stopped']));
  });

  it('hold neither the API key nor the learner\'s text at info level', () => {
    expect(logs).not.toContain(secret);
    expect(logs).not.toContain(marker);
  });

  it('name a session by a short hash, never by its id or its resume token', () => {
    const session = String(ready['session']);
    expect(session.length).toBeGreaterThan(20);
    expect(logs).not.toContain(session);
    expect(logs).not.toContain(String(ready['resumeToken']));
    expect(logs).toContain(`"session":"${sessionTag(session)}"`);
  });
});
