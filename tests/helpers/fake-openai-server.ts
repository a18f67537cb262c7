import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** A chat message as the fake server received it. */
export interface FakeChatMessage {
  role: string;
  content: string;
}

/** One request the fake server received. */
export interface RecordedRequest {
  method: string;
  /** Path without the query string, e.g. `/v1/chat/completions`. */
  path: string;
  /** Header names are lower-case, as Node gives them. */
  headers: http.IncomingHttpHeaders;
  /** The body parsed as JSON; the raw text when it is not JSON; undefined when empty. */
  body: unknown;
  /** `completed` once the whole response was sent, `closed-early` when the connection closed before that (an abort). */
  outcome: Promise<'completed' | 'closed-early'>;
}

/** The answer text, fixed or computed from the request's messages. */
export type FakeReply = string | ((messages: readonly FakeChatMessage[]) => string);

/**
 * How the fake server answers a request. `afterChunks` counts content chunks, so after `afterChunks: 2` the client has
 * received two text deltas. For a non-streaming chat request the chunk faults act on the JSON body instead: `stall`
 * sends the headers and half a body, `malformed-chunk` and `end-without-done` send truncated JSON, `destroy-socket`
 * drops the connection before answering, `stream-error` answers 200 with an `error` object. `status` and
 * `delay-first-byte` apply to every route, the others only to `POST /v1/chat/completions`.
 */
export type FakeBehavior =
  | { kind: 'answer' }
  | { kind: 'status'; status: number; body?: string }
  | { kind: 'delay-first-byte'; delayMs: number }
  | { kind: 'stall'; afterChunks: number }
  | { kind: 'malformed-chunk'; afterChunks: number }
  | { kind: 'destroy-socket'; afterChunks: number }
  | { kind: 'end-without-done'; afterChunks: number }
  | { kind: 'stream-error'; afterChunks: number; error?: unknown }
  /** Answers a streaming request with one JSON completion, as a server that ignores `stream: true` does. */
  | { kind: 'ignore-stream' };

/** Picks the behaviour for each request, so a test can e.g. fail the first request and answer the second. */
export type FakeBehaviorChooser = FakeBehavior | ((request: RecordedRequest) => FakeBehavior);

/** Settings of {@link startFakeOpenAiServer}; every field has a default. */
export interface FakeOpenAiServerOptions {
  /** Default: `Hello from the fake server.` */
  reply?: FakeReply;
  /** Streamed as `reasoning_content` deltas before the answer, as vLLM does for reasoning models. */
  reasoning?: string;
  /** Characters (code points) per content chunk (default 4). */
  chunkCharacters?: number;
  /** Pause before each content chunk (default 0). */
  chunkDelayMs?: number;
  /** Listed by `GET /v1/models` (default `['fake-model']`). */
  modelIds?: string[];
  /** Line ending of the SSE stream (default `\n`). */
  lineEnding?: '\n' | '\r\n';
  /** Default `{ kind: 'answer' }`. */
  behavior?: FakeBehaviorChooser;
  /** The `finish_reason` of the last chunk or the completion, or how to pick it from the messages (default `stop`; `length` as if `max_tokens` was hit). */
  finishReason?: FakeReply;
  /** Sent as `usage`: in a last chunk without choices when streaming (as OpenAI and vLLM do), in the completion otherwise. */
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}

/** A running fake server. */
export interface FakeOpenAiServer {
  /** e.g. `http://127.0.0.1:41234/v1`, without a trailing slash. */
  baseUrl: string;
  /** Every request so far, in arrival order. */
  requests: RecordedRequest[];
  setBehavior(behavior: FakeBehaviorChooser): void;
  /** Stops the server and destroys every open connection, stalled ones included. */
  close(): Promise<void>;
}

/**
 * Starts a real OpenAI-compatible HTTP server on 127.0.0.1 with a free port, answering `GET /v1/models` and
 * `POST /v1/chat/completions` (streamed as SSE like vLLM: a `: ping` comment, a role-only delta, optional reasoning
 * deltas, content deltas, a finishing chunk, `[DONE]`), with faults to inject per request.
 */
export async function startFakeOpenAiServer(options: FakeOpenAiServerOptions = {}): Promise<FakeOpenAiServer> {
  const requests: RecordedRequest[] = [];
  let behavior: FakeBehaviorChooser = options.behavior ?? { kind: 'answer' };
  const server = http.createServer((request, response) => {
    void handleRequest(request, response).catch(() => response.destroy());
  });

  async function handleRequest(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const closed = new AbortController();
    const outcome = new Promise<'completed' | 'closed-early'>((resolve) => {
      response.on('close', () => {
        closed.abort();
        resolve(response.writableFinished ? 'completed' : 'closed-early');
      });
    });
    const text = await readBody(request);
    const recorded: RecordedRequest = {
      method: request.method ?? 'GET',
      path: (request.url ?? '/').split('?')[0] ?? '/',
      headers: request.headers,
      body: parseJsonOrText(text),
      outcome,
    };
    requests.push(recorded);
    const chosen = typeof behavior === 'function' ? behavior(recorded) : behavior;
    try {
      if (chosen.kind === 'delay-first-byte') await sleep(chosen.delayMs, undefined, { signal: closed.signal });
      if (chosen.kind === 'status') {
        const body = chosen.body ?? JSON.stringify({ error: { message: `fake failure ${chosen.status}`, code: chosen.status } });
        response.writeHead(chosen.status, { 'content-type': parseJsonOrText(body) === body ? 'text/plain' : 'application/json' });
        response.end(body);
        return;
      }
      if (recorded.method === 'GET' && recorded.path === '/v1/models') {
        const modelIds = options.modelIds ?? ['fake-model'];
        sendJson(response, 200, { object: 'list', data: modelIds.map((id) => ({ id, object: 'model', owned_by: 'fake' })) });
        return;
      }
      if (recorded.method !== 'POST' || recorded.path !== '/v1/chat/completions') {
        sendJson(response, 404, { error: { message: `no route ${recorded.method} ${recorded.path}`, code: 404 } });
        return;
      }
      const chatBody = isRecord(recorded.body) ? recorded.body : {};
      const answer = replyFor(options.reply, chatBody['messages']);
      const finishReason = options.finishReason === undefined ? 'stop' : replyFor(options.finishReason, chatBody['messages']);
      const model = typeof chatBody['model'] === 'string' ? chatBody['model'] : 'fake-model';
      if (chatBody['stream'] === true && chosen.kind !== 'ignore-stream') {
        await streamAnswer(response, chosen, answer, finishReason, model, closed.signal);
      } else {
        answerAtOnce(response, chosen, answer, finishReason, model);
      }
    } catch (error) {
      // Aborted sleeps and writes after the client went away are the client's doing, not a server bug.
      if (!closed.signal.aborted) throw error;
    }
  }

  async function streamAnswer(
    response: http.ServerResponse,
    chosen: FakeBehavior,
    answer: string,
    finishReason: string,
    model: string,
    closed: AbortSignal,
  ): Promise<void> {
    const lineEnding = options.lineEnding ?? '\n';
    const send = (data: string) => {
      if (!response.destroyed) response.write(`data: ${data}${lineEnding}${lineEnding}`);
    };
    const chunk = (delta: Record<string, unknown>, finishReason: string | null = null) =>
      JSON.stringify({
        id: 'chatcmpl-fake',
        object: 'chat.completion.chunk',
        created: Math.floor(Date.now() / 1000),
        model,
        choices: [{ index: 0, delta, finish_reason: finishReason }],
      });
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    response.write(`: ping${lineEnding}${lineEnding}`);
    send(chunk({ role: 'assistant', content: '' }));
    for (const piece of splitIntoChunks(options.reasoning ?? '', options.chunkCharacters ?? 4)) {
      send(chunk({ reasoning_content: piece }));
    }
    const afterChunks = 'afterChunks' in chosen ? chosen.afterChunks : Number.POSITIVE_INFINITY;
    let sent = 0;
    for (const piece of splitIntoChunks(answer, options.chunkCharacters ?? 4)) {
      if (sent >= afterChunks) break;
      if ((options.chunkDelayMs ?? 0) > 0) await sleep(options.chunkDelayMs, undefined, { signal: closed });
      send(chunk({ content: piece }));
      sent += 1;
    }
    switch (chosen.kind) {
      case 'stall':
        // Keep the socket open and silent; close() destroys it.
        return;
      case 'destroy-socket':
        response.socket?.destroy();
        return;
      case 'end-without-done':
        response.end();
        return;
      case 'malformed-chunk':
        send('{"choices":[{"delta":{"content":"cut');
        break;
      case 'stream-error':
        send(JSON.stringify({ error: chosen.error ?? { object: 'error', message: 'fake engine failure', type: 'InternalServerError', code: 500 } }));
        break;
      default:
        send(chunk({}));
        send(chunk({}, finishReason));
        if (options.usage) send(JSON.stringify({ id: 'chatcmpl-fake', object: 'chat.completion.chunk', model, choices: [], usage: options.usage }));
    }
    send('[DONE]');
    response.end();
  }

  function answerAtOnce(response: http.ServerResponse, chosen: FakeBehavior, answer: string, finishReason: string, model: string): void {
    const completion = {
      id: 'chatcmpl-fake',
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model,
      choices: [{ index: 0, message: { role: 'assistant', content: answer }, finish_reason: finishReason }],
      ...(options.usage ? { usage: options.usage } : {}),
    };
    const text = JSON.stringify(completion);
    switch (chosen.kind) {
      case 'stall':
        response.writeHead(200, { 'content-type': 'application/json' });
        response.write(text.slice(0, text.length / 2));
        return;
      case 'destroy-socket':
        response.socket?.destroy();
        return;
      case 'malformed-chunk':
      case 'end-without-done':
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(text.slice(0, text.length / 2));
        return;
      case 'stream-error':
        sendJson(response, 200, { error: chosen.error ?? { message: 'fake engine failure', code: 500 } });
        return;
      default:
        sendJson(response, 200, completion);
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    setBehavior(next) {
      behavior = next;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A base URL (ending in /v1) of a local port that nothing listens on, so connecting is refused at once. */
export async function closedPortUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/v1`;
}

function replyFor(reply: FakeReply | undefined, messages: unknown): string {
  if (reply === undefined) return 'Hello from the fake server.';
  if (typeof reply === 'string') return reply;
  const received = Array.isArray(messages) ? messages.filter(isRecord) : [];
  return reply(received.map((message) => ({ role: String(message['role']), content: String(message['content']) })));
}

/** Splits by code points, so a chunk never ends inside a surrogate pair. */
function splitIntoChunks(text: string, size: number): string[] {
  const characters = Array.from(text);
  const chunks: string[] = [];
  for (let start = 0; start < characters.length; start += size) chunks.push(characters.slice(start, start + size).join(''));
  return chunks;
}

function sendJson(response: http.ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

async function readBody(request: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseJsonOrText(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
