import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FakeChatMessage, FakeOpenAiServer } from '../helpers/fake-openai-server.js';
import { startLlmTestServer, type LlmTestServer } from '../helpers/start-llm-test-server.js';
import type { TestServer } from '../helpers/start-test-server.js';
import { connectTestSocket, openTestSocket, resumeTestSocket } from '../helpers/websocket-client.js';
import { withLlmTestServer } from '../helpers/with-llm-test-server.js';

let served: LlmTestServer;
let llm: FakeOpenAiServer;
let server: TestServer;
let reply: (messages: readonly FakeChatMessage[]) => string = () => 'Answer. [Q36]';

beforeAll(async () => {
  served = await startLlmTestServer({ reply: (messages) => reply(messages), chunkCharacters: 4 }, { LLM_TIMEOUT_MS: '3000' });
  ({ llm, server } = served);
});
afterAll(async () => {
  await served.stop();
});
afterEach(async () => {
  llm.setBehavior({ kind: 'answer' });
  llm.requests.length = 0;
  reply = () => 'Answer. [Q36]';
});

/** A tutor whose LLM streams `reply` slowly, so that a test can act while an answer is in flight. */
function withSlowTutor(reply: () => string, body: (llm: FakeOpenAiServer, websocketUrl: string) => Promise<void>, chunkDelayMs = 20): Promise<void> {
  return withLlmTestServer({ reply, chunkCharacters: 5, chunkDelayMs }, {}, (slowServer, slow) => body(slow, slowServer.websocketUrl));
}

/** A reply long enough to stream for a while at the fake server's pace. */
const longReply = () => `${'word '.repeat(400)}[Q36]`;

describe('/ws with an OpenAI-compatible LLM', () => {
  it('says so in ready', async () => {
    const { client, ready } = await openTestSocket(server.websocketUrl);
    expect(ready).toMatchObject({ llm: { mode: 'openai', model: 'fake-model' } });
    await client.close();
  });

  it('streams tokens of the model and removes citations of records that were not retrieved', async () => {
    reply = () => 'Retrieve, rank, generate [Q36] — not [Q12].';
    const { client } = await openTestSocket(server.websocketUrl);
    client.send({ type: 'ask', id: 1, text: 'What are the steps in RAG?' });
    const messages = await client.collectAnswer(1);
    const done = messages.at(-1);
    expect(done).toMatchObject({ type: 'done', citations: [36] });
    expect(String(done?.['answer'])).not.toContain('[Q12]');
    expect(messages.filter((message) => message.type === 'token').length).toBeGreaterThan(3);
    await client.close();
  });

  it('tells the learner when the model was cut at the length limit, in the answer, in done and in the history', async () => {
    await withLlmTestServer({ reply: 'RAG retrieves, then ranks, then gener [Q36]', finishReason: 'length' }, {}, async (cutServer) => {
      const { client, ready } = await openTestSocket(cutServer.websocketUrl);
      client.send({ type: 'ask', id: 1, text: 'What are the steps in RAG?' });
      const done = (await client.collectAnswer(1)).at(-1);
      expect(done).toMatchObject({ type: 'done', citations: [36], notice: expect.stringMatching(/length limit/u) });
      expect(String(done?.['answer'])).toContain('length limit');
      await client.close();
      const { reply: resumed } = await resumeTestSocket(cutServer.websocketUrl, ready);
      expect((resumed['history'] as { notice?: string }[])[1]?.notice).toMatch(/length limit/u);
    });
    // A model that finished says nothing of the kind.
    const { client } = await openTestSocket(server.websocketUrl);
    client.send({ type: 'ask', id: 2, text: 'What are the steps in RAG?' });
    const done = (await client.collectAnswer(2)).at(-1);
    expect(done).toMatchObject({ type: 'done', citations: [36] });
    expect(done?.['notice']).toBeUndefined();
    await client.close();
  });

  it('condenses a follow-up with the LLM and sends the rewritten query in sources', async () => {
    reply = (messages) => (messages[0]?.content.startsWith('Rewrite') ? 'How does top-p sampling differ from temperature?' : 'Top-p … [Q12]');
    const { client } = await openTestSocket(server.websocketUrl);
    client.send({ type: 'ask', id: 1, text: 'Which temperature should I use for storytelling?' });
    await client.collectAnswer(1);
    client.send({ type: 'ask', id: 2, text: 'How is that different from top-p?' });
    const [sources, ...rest] = await client.collectAnswer(2);
    expect(sources).toMatchObject({ type: 'sources', rewrittenQuery: 'How does top-p sampling differ from temperature?' });
    expect(rest.at(-1)).toMatchObject({ citations: [12] });
    await client.close();
  });

  it('cancels a streaming answer at once and aborts the LLM request', async () => {
    await withSlowTutor(longReply, async (llm, websocketUrl) => {
      const { client } = await openTestSocket(websocketUrl);
      client.send({ type: 'ask', id: 'long', text: 'What are the steps in RAG?' });
      await client.next((message) => message.type === 'token');
      client.send({ type: 'cancel', id: 'long' });
      const end = await client.next((message) => message['id'] === 'long' && (message.type === 'error' || message.type === 'done'));
      expect(end).toMatchObject({ type: 'error', code: 'ABORTED' });
      const request = llm.requests.find((candidate) => (candidate.body as { stream?: boolean }).stream === true);
      expect(await request?.outcome).toBe('closed-early');
      await client.close();
    });
  });

  it('refuses a second ask while one is streaming, then accepts one after', async () => {
    await withSlowTutor(() => `${'word '.repeat(60)}[Q36]`, async (_llm, websocketUrl) => {
      const { client } = await openTestSocket(websocketUrl);
      client.send({ type: 'ask', id: 1, text: 'What are the steps in RAG?' });
      await client.next((message) => message.type === 'token');
      client.send({ type: 'ask', id: 2, text: 'What is MoE?' });
      expect(await client.next((message) => message['id'] === 2)).toMatchObject({ type: 'error', code: 'BUSY' });
      await client.collectAnswer(1);
      client.send({ type: 'ask', id: 3, text: 'What is MoE?' });
      expect((await client.collectAnswer(3)).at(-1)).toMatchObject({ type: 'done' });
      await client.close();
    }, 10);
  });

  it('keeps an answer stopped by a reset out of the new chat', async () => {
    await withSlowTutor(longReply, async (_llm, websocketUrl) => {
      const { client, ready } = await openTestSocket(websocketUrl);
      client.send({ type: 'ask', id: 1, text: 'What are the steps in RAG?' });
      await client.next((message) => message.type === 'token');
      client.send({ type: 'reset' });
      await client.next((message) => message.type === 'error' && message['id'] === 1);
      await client.close();
      const { client: resumed, reply } = await resumeTestSocket(websocketUrl, ready);
      expect(reply).toMatchObject({ type: 'ready', session: ready['session'], history: [] });
      await resumed.close();
    });
  });

  it('aborts the LLM request when the client disconnects mid-answer', async () => {
    await withSlowTutor(longReply, async (llm, websocketUrl) => {
      const { client } = await openTestSocket(websocketUrl);
      client.send({ type: 'ask', id: 1, text: 'What are the steps in RAG?' });
      await client.next((message) => message.type === 'token');
      client.socket.terminate();
      const request = llm.requests.find((candidate) => (candidate.body as { stream?: boolean }).stream === true);
      expect(await request?.outcome).toBe('closed-early');
    });
  });
});

describe('/ws origin check', () => {
  it('refuses a cross-site origin', async () => {
    await expect(connectTestSocket(server.websocketUrl, { headers: { origin: 'https://evil.example' } })).rejects.toThrow(/403/u);
  });

  it('accepts the page\'s own origin', async () => {
    const client = await connectTestSocket(server.websocketUrl, { headers: { origin: server.url } });
    expect(await client.next()).toMatchObject({ type: 'ready' });
    await client.close();
  });
});
