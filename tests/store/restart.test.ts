import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../helpers/project-paths.js';
import { createTemporaryDirectory } from '../helpers/temporary-directory.js';
import { openTestSocket, resumeTestSocket } from '../helpers/websocket-client.js';

let temporary: { directory: string; remove: () => Promise<void> };
beforeAll(async () => {
  temporary = await createTemporaryDirectory('tutor-restart-');
});
afterAll(async () => {
  await temporary.remove();
});

/** Starts `npm start`'s entry point as its own process on the shared DATA_DIR; resolves with its URL and a stop that sends SIGTERM. */
async function startTutor(): Promise<{ websocketUrl: string; stop: () => Promise<number | null> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'src/main.ts')], {
    cwd: projectRoot,
    env: { ...process.env, PORT: '0', INDEX_DIR: temporary.directory, DATA_DIR: temporary.directory, MODELS_OFFLINE: '1', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let logs = '';
  const url = await new Promise<string>((resolve, reject) => {
    const read = (data: Buffer) => {
      logs += data.toString();
      const match = /"url":"(http:\/\/[^"]+)"/u.exec(logs);
      if (match?.[1]) resolve(match[1]);
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', () => reject(new Error(`the tutor exited early:\n${logs}`)));
  });
  return {
    websocketUrl: `${url.replace(/^http/u, 'ws')}/ws`,
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

describe('a restart (SIGTERM, then a new start on the same DATA_DIR)', () => {
  it("keeps the learner's conversation and practice progress: the page resumes them with its tokens", async () => {
    const first = await startTutor();
    const { client, ready } = await openTestSocket(first.websocketUrl);
    client.send({ type: 'ask', id: 1, text: 'What are the steps in RAG?' });
    await client.collectAnswer(1);
    client.send({ type: 'learner', id: 'l' });
    const learner = await client.next((message) => message['id'] === 'l');
    client.send({ type: 'practice.answer', id: 'a', recordId: 6, text: 'Temperature rescales the logits: low is predictable, high is diverse.' });
    const graded = await client.next((message) => message['id'] === 'a');
    await client.close();
    expect(await first.stop()).toBe(0);

    const second = await startTutor();
    try {
      const { client: again, reply } = await resumeTestSocket(second.websocketUrl, ready);
      expect(reply).toMatchObject({ type: 'ready', session: ready['session'] });
      const history = reply['history'] as { role: string; content: string; citations?: number[] }[];
      expect(history.map((turn) => turn.role)).toEqual(['user', 'assistant']);
      expect(history[0]?.content).toBe('What are the steps in RAG?');
      expect(history[1]?.citations).toEqual([36]);
      again.send({ type: 'progress', id: 'p' });
      const progress = await again.next((message) => message['id'] === 'p');
      expect(progress).toMatchObject({ summary: { seen: 1 }, records: [{ id: 6, attempts: 1, dueAt: (graded['schedule'] as { dueAt: number }).dueAt }] });
      await again.close();
      // A new session (the tab was closed) that names the learner with its token finds the same progress.
      const { client: fresh } = await openTestSocket(second.websocketUrl);
      fresh.send({ type: 'learner', id: 'l', learner: learner['learner'], token: learner['token'] });
      expect(await fresh.next((message) => message['id'] === 'l')).toMatchObject({ type: 'learner', learner: learner['learner'] });
      fresh.send({ type: 'progress', id: 'p' });
      expect(await fresh.next((message) => message['id'] === 'p')).toMatchObject({ summary: { seen: 1 }, records: [{ id: 6, attempts: 1 }] });
      await fresh.close();
    } finally {
      expect(await second.stop()).toBe(0);
    }
  }, 90_000);
});
