import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devEvalPath } from '../helpers/project-paths.js';
import { startTestServer, type TestServer } from '../helpers/start-test-server.js';
import { openTestSocket, resumeTestSocket, type Received } from '../helpers/websocket-client.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

describe('/ws on connect', () => {
  it('sends ready with a new session, the LLM mode, the record count and an empty history', async () => {
    const { client, ready } = await openTestSocket(server.websocketUrl);
    expect(ready).toMatchObject({ type: 'ready', llm: { mode: 'extractive' }, records: 50, history: [] });
    expect(typeof ready['session']).toBe('string');
    expect(ready['resumeToken']).toMatch(/^[\w-]{40,}$/u);
    await client.close();
  });

  it('resumes a held session with its history', async () => {
    const { client, ready } = await openTestSocket(server.websocketUrl);
    client.send({ type: 'ask', id: 1, text: 'What is MoE?' });
    await client.collectAnswer(1);
    await client.close();
    const { client: resumed, reply: again } = await resumeTestSocket(server.websocketUrl, ready);
    expect(again['session']).toBe(ready['session']);
    expect(again['resumeToken']).not.toBe(ready['resumeToken']);
    expect(again['history']).toEqual([
      { role: 'user', content: 'What is MoE?' },
      {
        role: 'assistant',
        content: expect.stringContaining('[Q37]'),
        citations: [37],
        sources: expect.arrayContaining([expect.objectContaining({ id: 37, question: expect.objectContaining({ en: expect.any(String) }) })]),
        scope: 'answer',
      },
    ]);
    await resumed.close();
  });

  it('keeps a stopped answer in the history as far as it got, marked stopped, and an eli5 answer marked eli5', async () => {
    const { client, ready } = await openTestSocket(server.websocketUrl);
    client.send({ type: 'ask', id: 'e', text: 'What is RAG?', mode: 'eli5' });
    await client.collectAnswer('e');
    await client.close();
    const { client: resumed, reply: again } = await resumeTestSocket(server.websocketUrl, ready);
    const [, answer] = again['history'] as Record<string, unknown>[];
    expect(answer).toMatchObject({ role: 'assistant', eli5: true, scope: 'answer', citations: [36] });
    await resumed.close();
  });

  it('answers NOT_FOUND to a resume of an unknown session and keeps the new one', async () => {
    const { client, reply } = await resumeTestSocket(server.websocketUrl, { type: 'ready', session: 'not-a-session', resumeToken: 'not-a-token' });
    expect(reply).toMatchObject({ type: 'error', code: 'NOT_FOUND' });
    client.send({ type: 'ask', id: 1, text: 'What is MoE?' });
    expect((await client.collectAnswer(1)).at(-1)).toMatchObject({ type: 'done', citations: [37] });
    await client.close();
  });

  it('ignores a session id in the URL', async () => {
    const { client, ready } = await openTestSocket(server.websocketUrl);
    client.send({ type: 'ask', id: 1, text: 'What is MoE?' });
    await client.collectAnswer(1);
    const { client: other, ready: otherReady } = await openTestSocket(`${server.websocketUrl}?session=${String(ready['session'])}`);
    expect(otherReady['session']).not.toBe(ready['session']);
    expect(otherReady['history']).toEqual([]);
    await Promise.all([client.close(), other.close()]);
  });
});

describe('/ws ask', () => {
  it('sends sources, then tokens, then done, all with the ask id', async () => {
    const { client } = await openTestSocket(server.websocketUrl);
    client.send({ type: 'ask', id: 'q-1', text: 'What are the steps in RAG?' });
    const messages = await client.collectAnswer('q-1');
    expect(messages[0]?.type).toBe('sources');
    expect(messages.at(-1)?.type).toBe('done');
    const tokens = messages.filter((message) => message.type === 'token');
    expect(tokens.length).toBeGreaterThan(3);
    expect(messages.slice(1, -1).every((message) => message.type === 'token')).toBe(true);
    const done = messages.at(-1) as Received;
    expect(tokens.map((token) => token['text']).join('')).toBe(done['answer']);
    expect(done).toMatchObject({ citations: [36], outOfScope: false, scope: 'answer', timings: expect.objectContaining({ totalMs: expect.any(Number) }) });
    expect(messages[0]).toMatchObject({ rewrittenQuery: 'What are the steps in RAG?', sources: expect.arrayContaining([expect.objectContaining({ id: 36 })]) });
    await client.close();
  });

  it('lands the follow-ups of the dev set on the right record', async () => {
    const lines = (await readFile(devEvalPath, 'utf8')).trim().split('\n');
    const followUps = lines.map((line) => JSON.parse(line) as { kind: string; turns: string[]; expect: number[] }).filter((evalCase) => evalCase.kind === 'followup');
    expect(followUps.length).toBeGreaterThanOrEqual(3);
    for (const evalCase of followUps) {
      const { client } = await openTestSocket(server.websocketUrl);
      let done: Received | undefined;
      for (const [index, text] of evalCase.turns.entries()) {
        client.send({ type: 'ask', id: index, text });
        done = (await client.collectAnswer(index)).at(-1);
      }
      expect(evalCase.expect).toContain((done?.['citations'] as number[])[0]);
      await client.close();
    }
  });

  it('sends the rewritten follow-up in sources', async () => {
    const { client } = await openTestSocket(server.websocketUrl);
    client.send({ type: 'ask', id: 1, text: '什么是思维链提示？' });
    await client.collectAnswer(1);
    client.send({ type: 'ask', id: 2, text: '它对数学题有什么帮助？' });
    const [sources] = await client.collectAnswer(2);
    expect(sources?.['rewrittenQuery']).toBe('什么是思维链提示？ 它对数学题有什么帮助？');
    await client.close();
  });

  it('answers in eli5 form with mode eli5, and for a follow-up asking to explain like new', async () => {
    const { client } = await openTestSocket(server.websocketUrl);
    client.send({ type: 'ask', id: 1, text: 'What is model distillation?', mode: 'eli5' });
    const first = (await client.collectAnswer(1)).at(-1);
    expect(first?.['answer']).toMatch(/In plain words/u);
    client.send({ type: 'ask', id: 2, text: 'What is few-shot learning?' });
    await client.collectAnswer(2);
    client.send({ type: 'ask', id: 3, text: "Can you explain that like I'm new?" });
    const third = (await client.collectAnswer(3)).at(-1);
    expect(third).toMatchObject({ answer: expect.stringMatching(/In plain words/u) });
    // The answer rests on Q44; its words to know may cite the records that define them.
    expect((third?.['citations'] as number[])[0]).toBe(44);
    await client.close();
  });

  it('forgets the history on reset', async () => {
    const { client } = await openTestSocket(server.websocketUrl);
    client.send({ type: 'ask', id: 1, text: 'What is zero-shot learning?' });
    await client.collectAnswer(1);
    client.send({ type: 'reset' });
    const ready = await client.next((message) => message.type === 'ready');
    expect(ready['history']).toEqual([]);
    client.send({ type: 'ask', id: 2, text: 'Give me an example.' });
    const [sources] = await client.collectAnswer(2);
    expect(sources?.['rewrittenQuery']).toBe('Give me an example.');
    await client.close();
  });
});

describe('/ws bad input', () => {
  it.each([
    ['not JSON', 'hello', 'BAD_REQUEST', /not valid JSON/u],
    ['an unknown type', { type: 'shout', id: 1 }, 'BAD_REQUEST', /type/u],
    ['an ask without id', { type: 'ask', text: 'What is RAG?' }, 'BAD_REQUEST', /id/u],
    ['an ask with a numeric text', { type: 'ask', id: 1, text: 42 }, 'BAD_REQUEST', /text/u],
    ['an empty text', { type: 'ask', id: 1, text: '   ' }, 'BAD_REQUEST', /empty/u],
    ['a text over the limit', { type: 'ask', id: 1, text: 'x'.repeat(4001) }, 'TOO_LARGE', /limit is 4000/u],
    ['a bad mode', { type: 'ask', id: 1, text: 'hi', mode: 'loud' }, 'BAD_REQUEST', /mode/u],
    ['a cancel for no answer', { type: 'cancel', id: 'nothing' }, 'NOT_FOUND', /no answer in flight/u],
  ])('answers %s with an error and keeps the connection usable', async (_name, message, code, pattern) => {
    const { client } = await openTestSocket(server.websocketUrl);
    client.send(message);
    const error = await client.next((received) => received.type === 'error');
    expect(error['code']).toBe(code);
    expect(error['message']).toMatch(pattern);
    client.send({ type: 'ask', id: 'after', text: 'What is MoE?' });
    expect((await client.collectAnswer('after')).at(-1)).toMatchObject({ type: 'done', citations: [37] });
    await client.close();
  });

  it('echoes the id of an invalid ask in its error', async () => {
    const { client } = await openTestSocket(server.websocketUrl);
    client.send({ type: 'ask', id: 'bad-one', text: '' });
    expect(await client.next((message) => message.type === 'error')).toMatchObject({ id: 'bad-one', code: 'BAD_REQUEST' });
    await client.close();
  });

  it('refuses binary frames', async () => {
    const { client } = await openTestSocket(server.websocketUrl);
    client.socket.send(Buffer.from([1, 2, 3]), { binary: true });
    expect(await client.next((message) => message.type === 'error')).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/binary/u) });
    await client.close();
  });
});
