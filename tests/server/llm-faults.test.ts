import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closedPortUrl, type FakeBehavior, type FakeOpenAiServer } from '../helpers/fake-openai-server.js';
import { startLlmTestServer, type LlmTestServer } from '../helpers/start-llm-test-server.js';
import type { TestServer } from '../helpers/start-test-server.js';
import { openTestSocket } from '../helpers/websocket-client.js';
import { withLlmTestServer } from '../helpers/with-llm-test-server.js';
import { withTestServer } from '../helpers/with-test-server.js';

let served: LlmTestServer;
let llm: FakeOpenAiServer;
let server: TestServer;
beforeAll(async () => {
  served = await startLlmTestServer({ reply: 'Retrieval, ranking, generation. [Q36]', chunkCharacters: 4 }, { LLM_TIMEOUT_MS: '300', LLM_FAILURES_TO_OPEN: '1000' });
  ({ llm, server } = served);
});
afterAll(async () => {
  await served.stop();
});
afterEach(() => {
  llm.setBehavior({ kind: 'answer' });
});

async function askOnce(url: string, text = 'What are the steps in RAG?') {
  const { client } = await openTestSocket(url);
  const started = Date.now();
  client.send({ type: 'ask', id: 1, text });
  const messages = await client.collectAnswer(1, 15_000);
  await client.close();
  return { messages, done: messages.at(-1), elapsedMs: Date.now() - started };
}

describe('LLM faults end in the extractive answer with a notice, in bounded time', () => {
  it.each<[string, FakeBehavior]>([
    ['HTTP 500', { kind: 'status', status: 500, body: 'internal error' }],
    ['HTTP 401', { kind: 'status', status: 401, body: '{"error":"bad key"}' }],
    ['a timeout before the first token', { kind: 'delay-first-byte', delayMs: 5000 }],
    ['a stream that stalls mid-answer', { kind: 'stall', afterChunks: 2 }],
    ['a malformed SSE chunk', { kind: 'malformed-chunk', afterChunks: 1 }],
    ['the socket dropped mid-stream', { kind: 'destroy-socket', afterChunks: 2 }],
  ])('%s', async (_name, behavior) => {
    llm.setBehavior(behavior);
    const { done, elapsedMs } = await askOnce(server.websocketUrl);
    expect(done).toMatchObject({ type: 'done', citations: [36], notice: expect.stringMatching(/unavailable/u) });
    expect(String(done?.['answer'])).toContain('Retrieval: Fetching relevant documents');
    expect(elapsedMs).toBeLessThan(5000);
  });

  it('a refused connection', async () => {
    await withTestServer({ LLM_BASE_URL: await closedPortUrl(), LLM_MODEL: 'fake-model', LLM_TIMEOUT_MS: '300' }, async (refused) => {
      const { done } = await askOnce(refused.websocketUrl);
      expect(done).toMatchObject({ type: 'done', citations: [36], notice: expect.stringMatching(/unavailable/u) });
    });
  });
});

describe('the circuit breaker', () => {
  it('stops calling a failing server, answers at once, and reports it in /healthz', async () => {
    await withLlmTestServer({ behavior: { kind: 'status', status: 500 } }, { LLM_FAILURES_TO_OPEN: '2', LLM_RETRY_AFTER_MS: '60000' }, async (guarded, failing) => {
      await askOnce(guarded.websocketUrl);
      await askOnce(guarded.websocketUrl);
      const requestsWhenOpened = failing.requests.length;
      const health = (await (await fetch(`${guarded.url}/healthz`)).json()) as { llm: { state: string; mode: string } };
      expect(health.llm).toMatchObject({ mode: 'openai', state: 'open' });
      const { done } = await askOnce(guarded.websocketUrl);
      expect(done).toMatchObject({ type: 'done', notice: expect.stringMatching(/unavailable/u) });
      expect(failing.requests.length).toBe(requestsWhenOpened);
    });
  });

  it('tries again after the cool-down and closes on success', async () => {
    const failingAtFirst = { reply: 'Fine. [Q36]', behavior: { kind: 'status', status: 503 } } as const;
    await withLlmTestServer(failingAtFirst, { LLM_FAILURES_TO_OPEN: '1', LLM_RETRY_AFTER_MS: '200' }, async (guarded, flaky) => {
      await askOnce(guarded.websocketUrl);
      flaky.setBehavior({ kind: 'answer' });
      await new Promise((resolve) => setTimeout(resolve, 300));
      const { done } = await askOnce(guarded.websocketUrl);
      expect(done).toMatchObject({ type: 'done', answer: 'Fine. [Q36]' });
      const health = (await (await fetch(`${guarded.url}/healthz`)).json()) as { llm: { state: string } };
      expect(health.llm.state).toBe('closed');
    });
  });
});
