import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closedPortUrl, startFakeOpenAiServer, type FakeBehavior, type FakeOpenAiServer } from '../helpers/fake-openai-server.js';
import { startTestServer } from '../helpers/start-test-server.js';
import { connectTestSocket } from '../helpers/websocket-client.js';

let llm: FakeOpenAiServer;
let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  llm = await startFakeOpenAiServer({ reply: 'Retrieval, ranking, generation. [Q36]', chunkCharacters: 4 });
  server = await startTestServer({ LLM_BASE_URL: llm.baseUrl, LLM_MODEL: 'fake-model', LLM_TIMEOUT_MS: '300', LLM_FAILURES_TO_OPEN: '1000' });
});
afterAll(async () => {
  await server.stop();
  await llm.close();
});
afterEach(() => {
  llm.setBehavior({ kind: 'answer' });
});

async function askOnce(url: string, text = 'What are the steps in RAG?') {
  const client = await connectTestSocket(url);
  await client.next((message) => message.type === 'ready');
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
    const refused = await startTestServer({ LLM_BASE_URL: await closedPortUrl(), LLM_MODEL: 'fake-model', LLM_TIMEOUT_MS: '300' });
    try {
      const { done } = await askOnce(refused.websocketUrl);
      expect(done).toMatchObject({ type: 'done', citations: [36], notice: expect.stringMatching(/unavailable/u) });
    } finally {
      await refused.stop();
    }
  });
});

describe('the circuit breaker', () => {
  it('stops calling a failing server, answers at once, and reports it in /healthz', async () => {
    const failing = await startFakeOpenAiServer({ behavior: { kind: 'status', status: 500 } });
    const guarded = await startTestServer({ LLM_BASE_URL: failing.baseUrl, LLM_MODEL: 'fake-model', LLM_FAILURES_TO_OPEN: '2', LLM_RETRY_AFTER_MS: '60000' });
    try {
      await askOnce(guarded.websocketUrl);
      await askOnce(guarded.websocketUrl);
      const requestsWhenOpened = failing.requests.length;
      const health = (await (await fetch(`${guarded.url}/healthz`)).json()) as { llm: { state: string; mode: string } };
      expect(health.llm).toMatchObject({ mode: 'openai', state: 'open' });
      const { done } = await askOnce(guarded.websocketUrl);
      expect(done).toMatchObject({ type: 'done', notice: expect.stringMatching(/unavailable/u) });
      expect(failing.requests.length).toBe(requestsWhenOpened);
    } finally {
      await guarded.stop();
      await failing.close();
    }
  });

  it('tries again after the cool-down and closes on success', async () => {
    const flaky = await startFakeOpenAiServer({ reply: 'Fine. [Q36]' });
    flaky.setBehavior({ kind: 'status', status: 503 });
    const guarded = await startTestServer({ LLM_BASE_URL: flaky.baseUrl, LLM_MODEL: 'fake-model', LLM_FAILURES_TO_OPEN: '1', LLM_RETRY_AFTER_MS: '200' });
    try {
      await askOnce(guarded.websocketUrl);
      flaky.setBehavior({ kind: 'answer' });
      await new Promise((resolve) => setTimeout(resolve, 300));
      const { done } = await askOnce(guarded.websocketUrl);
      expect(done).toMatchObject({ type: 'done', answer: 'Fine. [Q36]' });
      const health = (await (await fetch(`${guarded.url}/healthz`)).json()) as { llm: { state: string } };
      expect(health.llm.state).toBe('closed');
    } finally {
      await guarded.stop();
      await flaky.close();
    }
  });
});
