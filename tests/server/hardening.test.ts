import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestServer, type TestServer } from '../helpers/start-test-server.js';
import { connectTestSocket, openTestSocket } from '../helpers/websocket-client.js';
import { withLlmTestServer } from '../helpers/with-llm-test-server.js';
import { withTestServer } from '../helpers/with-test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

describe('frames', () => {
  it('answers invalid UTF-8 with an error and keeps the connection usable', async () => {
    const { client } = await openTestSocket(server.websocketUrl);
    client.socket.send(Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), { binary: false });
    expect(await client.next((message) => message.type === 'error')).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/UTF-8/u) });
    client.send({ type: 'ask', id: 1, text: 'What is MoE?' });
    expect((await client.collectAnswer(1)).at(-1)).toMatchObject({ type: 'done', citations: [37] });
    await client.close();
  });

  it('closes the connection with 1009 for a frame over maxPayload', async () => {
    const { client } = await openTestSocket(server.websocketUrl);
    const closed = new Promise<number>((resolve) => client.socket.once('close', (code) => resolve(code)));
    client.socket.send('x'.repeat(70 * 1024));
    expect(await closed).toBe(1009);
  });

  it('keeps serving other clients after a connection was closed for size', async () => {
    const { client } = await openTestSocket(server.websocketUrl);
    client.send({ type: 'ask', id: 1, text: 'What is RAG?' });
    expect((await client.collectAnswer(1)).at(-1)).toMatchObject({ type: 'done' });
    await client.close();
  });
});

describe('limits', () => {
  it('refuses asks over the per-connection rate with RATE_LIMITED and a retry hint', async () => {
    await withTestServer({ ASKS_PER_MINUTE_PER_CONNECTION: '3' }, async (limited) => {
      const { client } = await openTestSocket(limited.websocketUrl);
      for (const id of [1, 2, 3]) {
        client.send({ type: 'ask', id, text: 'What is MoE?' });
        expect((await client.collectAnswer(id)).at(-1)?.type).toBe('done');
      }
      client.send({ type: 'ask', id: 4, text: 'What is MoE?' });
      const refused = (await client.collectAnswer(4)).at(-1);
      expect(refused).toMatchObject({ type: 'error', code: 'RATE_LIMITED' });
      expect(refused?.['retryAfterMs']).toBeGreaterThan(0);
      await client.close();
    });
  });

  it('counts asks per IP across connections and HTTP, answering 429 with Retry-After', async () => {
    await withTestServer({ ASKS_PER_MINUTE_PER_IP: '2' }, async (limited) => {
      const { client } = await openTestSocket(limited.websocketUrl);
      client.send({ type: 'ask', id: 1, text: 'What is MoE?' });
      await client.collectAnswer(1);
      const second = await fetch(`${limited.url}/api/search?q=moe`);
      expect(second.status).toBe(200);
      const third = await fetch(`${limited.url}/api/chat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ messages: [{ role: 'user', content: 'What is MoE?' }] }),
      });
      expect(third.status).toBe(429);
      expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await third.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });
      await client.close();
    });
  });

  it('refuses connections beyond the per-IP limit with an error and close code 1008, then with plain 429s', async () => {
    await withTestServer({ CONNECTIONS_PER_IP: '2' }, async (limited) => {
      const { client: first } = await openTestSocket(limited.websocketUrl);
      const { client: second } = await openTestSocket(limited.websocketUrl);
      const third = await connectTestSocket(limited.websocketUrl);
      const closed = new Promise<number>((resolve) => third.socket.once('close', (code) => resolve(code)));
      expect(await third.next()).toMatchObject({ type: 'error', code: 'RATE_LIMITED' });
      expect(await closed).toBe(1008);
      // Refusals after the first in a while cost no websocket: a plain 429.
      await expect(connectTestSocket(limited.websocketUrl)).rejects.toThrow(/upgrade refused with 429/u);
      await first.close();
      const { client: again } = await openTestSocket(limited.websocketUrl);
      await Promise.all([second.close(), again.close()]);
    });
  });
});

describe('heartbeat', () => {
  it('closes a connection that stops answering pings', async () => {
    await withTestServer({ HEARTBEAT_MS: '150' }, async (beating) => {
      const silent = new WebSocket(beating.websocketUrl, { autoPong: false });
      const closed = new Promise<number>((resolve) => silent.once('close', (code) => resolve(code)));
      const alive = await connectTestSocket(beating.websocketUrl);
      expect(await closed).toBe(1006);
      expect(alive.socket.readyState).toBe(WebSocket.OPEN);
      await alive.close();
    });
  });
});

describe('slow readers', () => {
  it('cuts off a client that stops reading, before its unread data passes the limit, and frees its LLM request', async () => {
    // Loopback sockets buffer megabytes in the kernel before the server's own queue grows, and one
    // answer is capped near LLM_MAX_TOKENS × 16 characters: the client asks again and again, never
    // reading, until the server's queue passes MAX_BUFFERED_BYTES.
    const reply = 'x'.repeat(512 * 1024);
    const environment = {
      LLM_MAX_TOKENS: '32768',
      MAX_BUFFERED_BYTES: '65536',
      ASKS_PER_MINUTE_PER_CONNECTION: '1000',
      ASKS_PER_MINUTE_PER_IP: '1000',
    };
    await withLlmTestServer({ reply, chunkCharacters: 64 * 1024, chunkDelayMs: 2 }, environment, async (streaming, llm) => {
      const { client } = await openTestSocket(streaming.websocketUrl);
      const closed = new Promise<number>((resolve) => client.socket.once('close', (code) => resolve(code)));
      client.socket.pause();
      const streamRequests = () => llm.requests.filter((candidate) => (candidate.body as { stream?: boolean }).stream === true);
      // Ask until the server stops taking asks from this client (it has cut it off: the ask reaches no
      // LLM within 2 s), or until it cuts the client mid-answer (that answer's LLM request closes early).
      let outcome: 'completed' | 'closed-early' = 'completed';
      let cutOff = false;
      for (let ask = 1; ask <= 60 && outcome === 'completed' && !cutOff; ask += 1) {
        const before = streamRequests().length;
        // Sent twice at most: an ask refused as BUSY (the last answer still closing) reaches no LLM either.
        for (let attempt = 0; attempt < 2 && streamRequests().length === before; attempt += 1) {
          client.send({ type: 'ask', id: `${ask}-${attempt}`, text: 'What are the steps in RAG?' });
          for (let waited = 0; streamRequests().length === before && waited < 2000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
        }
        const request = streamRequests()[before];
        if (request) outcome = await request.outcome;
        else cutOff = true;
      }
      expect(outcome === 'closed-early' || cutOff).toBe(true);
      // No LLM request is left open for the client that was cut off.
      expect(await Promise.all(streamRequests().map((request) => request.outcome))).toHaveLength(streamRequests().length);
      client.socket.resume();
      expect(await closed).toBe(1006);
    });
  }, 90_000);
});

describe('security headers', () => {
  it('sends a content-security policy and the usual hardening headers', async () => {
    const response = await fetch(`${server.url}/healthz`);
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("default-src 'self'");
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-powered-by')).toBeNull();
  });
});
