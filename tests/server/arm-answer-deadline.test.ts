import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TutorError } from '../../src/errors/index.js';
import { armAnswerDeadline } from '../../src/server/index.js';
import { startLlmTestServer, type LlmTestServer } from '../helpers/start-llm-test-server.js';
import { openTestSocket } from '../helpers/websocket-client.js';

describe('armAnswerDeadline', () => {
  it('aborts the controller with a TIMEOUT error naming the limit once the time is up', () => {
    vi.useFakeTimers();
    try {
      const controller = new AbortController();
      armAnswerDeadline(controller, 1000);
      vi.advanceTimersByTime(999);
      expect(controller.signal.aborted).toBe(false);
      vi.advanceTimersByTime(1);
      expect(controller.signal.reason).toBeInstanceOf(TutorError);
      expect(controller.signal.reason).toMatchObject({ code: 'TIMEOUT', message: 'the answer took longer than 1000 ms' });
    } finally {
      vi.useRealTimers();
    }
  });

  it('never fires once disarmed', () => {
    vi.useFakeTimers();
    try {
      const controller = new AbortController();
      const disarm = armAnswerDeadline(controller, 1000);
      disarm();
      vi.advanceTimersByTime(5000);
      expect(controller.signal.aborted).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('an answer over ANSWER_TIMEOUT_MS', () => {
  // The LLM sends nothing for 5 s and its own timeout is longer, so the answer's deadline (1 s, the
  // least allowed) is what ends the answer, not the LLM fallback.
  let served: LlmTestServer;
  beforeAll(async () => {
    served = await startLlmTestServer({ behavior: { kind: 'delay-first-byte', delayMs: 5000 } }, { ANSWER_TIMEOUT_MS: '1000', LLM_TIMEOUT_MS: '10000' });
  });
  afterAll(async () => {
    await served.stop();
  });

  it('ends POST /api/chat with 504 TIMEOUT and aborts the LLM request', async () => {
    const before = served.llm.requests.length;
    const started = Date.now();
    const response = await fetch(`${served.server.url}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'What are the steps in RAG?' }] }),
    });
    expect(response.status).toBe(504);
    expect(await response.json()).toEqual({ error: { code: 'TIMEOUT', message: 'the answer took longer than 1000 ms' } });
    expect(Date.now() - started).toBeLessThan(4000);
    const request = served.llm.requests.slice(before).find((candidate) => (candidate.body as { stream?: boolean } | undefined)?.stream !== undefined);
    expect(await request?.outcome).toBe('closed-early');
  });

  it('ends a websocket ask with error TIMEOUT and its id, and the connection goes on', async () => {
    const { client } = await openTestSocket(served.server.websocketUrl);
    client.send({ type: 'ask', id: 'slow', text: 'What are the steps in RAG?' });
    expect((await client.collectAnswer('slow')).at(-1)).toEqual({ type: 'error', id: 'slow', code: 'TIMEOUT', message: 'the answer took longer than 1000 ms' });
    client.send({ type: 'reset' });
    expect(await client.next((message) => message.type === 'ready')).toMatchObject({ history: [] });
    await client.close();
  });
});
