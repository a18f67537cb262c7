import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/start-test-server.js';
import { openTestSocket } from '../helpers/websocket-client.js';

let server: TestServer;
beforeAll(async () => {
  // The frame budget and the protocol-error limit would close a fuzzing connection at once (that is
  // tested in abuse.test.ts); here they are lifted to reach the parser with thousands of frames.
  server = await startTestServer({
    ASKS_PER_MINUTE_PER_CONNECTION: '100000',
    ASKS_PER_MINUTE_PER_IP: '100000',
    FRAMES_PER_SECOND: '100000',
    FRAME_BURST: '100000',
    MAX_PROTOCOL_ERRORS: '100000',
  });
});
afterAll(async () => {
  await server.stop();
});

/** A small seeded generator, so a failure can be replayed. */
function createRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
  const pick = <Value>(values: readonly Value[]): Value => values[Math.floor(next() * values.length)] as Value;
  return { next, pick };
}

const validMessages: unknown[] = [
  { type: 'ask', id: 1, text: 'What is RAG?' },
  { type: 'ask', id: 'x', text: '什么是少样本学习？', mode: 'eli5' },
  { type: 'cancel', id: 1 },
  { type: 'reset' },
  { type: 'resume', session: 'a', token: 'b' },
];
const oddValues: unknown[] = [null, true, 0, -1, 1e308, '', ' ', 'ask', '\u0000', '\ud800', '😀'.repeat(50), [], {}, [1, 2], { type: 'ask' }, 'x'.repeat(5000)];

function mutate(random: ReturnType<typeof createRandom>): string | Buffer {
  const base = JSON.parse(JSON.stringify(random.pick(validMessages))) as Record<string, unknown>;
  switch (Math.floor(random.next() * 7)) {
    case 0:
      base[random.pick(['type', 'id', 'text', 'mode', 'session', 'token', 'extra'])] = random.pick(oddValues);
      return JSON.stringify(base);
    case 1:
      delete base[random.pick(['type', 'id', 'text'])];
      return JSON.stringify(base);
    case 2: {
      const text = JSON.stringify(base);
      const cut = Math.floor(random.next() * text.length);
      return text.slice(0, cut) + text.slice(cut + 1 + Math.floor(random.next() * 3));
    }
    case 3:
      return Buffer.from(Array.from({ length: 1 + Math.floor(random.next() * 64) }, () => Math.floor(random.next() * 256)));
    case 4:
      return JSON.stringify(random.pick(oddValues));
    case 5:
      return JSON.stringify({ ...base, type: random.pick(['ASK', 'ask ', 'answer', 'ready', 'token', 'done', 'RESUME']) });
    default:
      return JSON.stringify(base);
  }
}

describe('the protocol under fuzzing', () => {
  it('survives thousands of random and mutated messages, then answers a normal question right', async () => {
    const random = createRandom(20_261_129);
    for (let round = 0; round < 4; round += 1) {
      const { client } = await openTestSocket(server.websocketUrl);
      for (let index = 0; index < 750; index += 1) {
        const message = mutate(random);
        client.socket.send(message, { binary: Buffer.isBuffer(message) && random.next() < 0.5 });
      }
      // Every message gets an answer or an error; a ping through the same socket proves it still reads.
      client.send({ type: 'reset' });
      await client.next((message) => message.type === 'ready' && Array.isArray(message['history']) && (message['history'] as unknown[]).length === 0, 30_000);
      if (client.socket.readyState === client.socket.OPEN) await client.close();
    }
    const { client } = await openTestSocket(server.websocketUrl);
    client.send({ type: 'ask', id: 'final', text: 'What are the steps in RAG?' });
    expect((await client.collectAnswer('final')).at(-1)).toMatchObject({ type: 'done', citations: [36] });
    await client.close();
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
  }, 120_000);
});
