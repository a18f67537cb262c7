import { afterEach, describe, expect, it } from 'vitest';
import type { LlmConfig } from '../../src/config/index.js';
import { AbortedError, LlmUnavailableError, type LlmFailureReason } from '../../src/errors/index.js';
import type { ChatMessage } from '../../src/generation/chat-model.js';
import type { ChatStreamPart } from '../../src/generation/chat-stream-part.js';
import { OpenAiChatModel, type OpenAiChatModelOptions } from '../../src/generation/openai-chat-model.js';
import {
  closedPortUrl,
  startFakeOpenAiServer,
  type FakeOpenAiServer,
  type FakeOpenAiServerOptions,
} from '../helpers/fake-openai-server.js';

/** Faults must end well within this; the timeouts below are 200–300 ms. */
const generousBoundMs = 3000;
const question: ChatMessage[] = [
  { role: 'system', content: 'You are a tutor.' },
  { role: 'user', content: 'What is attention?' },
];

const servers: FakeOpenAiServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function startServer(options: FakeOpenAiServerOptions = {}): Promise<FakeOpenAiServer> {
  const server = await startFakeOpenAiServer(options);
  servers.push(server);
  return server;
}

function modelFor(baseUrl: string, config: Partial<LlmConfig> = {}, options: OpenAiChatModelOptions = {}): OpenAiChatModel {
  return new OpenAiChatModel({ baseUrl, model: 'test-model', apiKey: undefined, timeoutMs: 5000, maxTokens: 700, ...config }, options);
}

/** A model that gives up after 250 ms, for the tests of timeouts and stalls (others get 5 s: machines are noisy). */
function impatientModelFor(baseUrl: string, config: Partial<LlmConfig> = {}, options: OpenAiChatModelOptions = {}): OpenAiChatModel {
  return modelFor(baseUrl, { timeoutMs: 250, ...config }, options);
}

/** Collects the text parts of a stream (into `received`, which a failing stream leaves partly filled) and its finish parts. */
async function collect(parts: AsyncIterable<ChatStreamPart>, received: string[] = [], finishes: ChatStreamPart[] = []): Promise<string[]> {
  for await (const part of parts) {
    if (part.type === 'text') received.push(part.text);
    else finishes.push(part);
  }
  return received;
}

/** Runs the work, expects it to fail, and says how and how fast. */
async function failureOf(work: () => Promise<unknown>): Promise<{ error: unknown; elapsedMs: number }> {
  const started = performance.now();
  try {
    await work();
  } catch (error) {
    return { error, elapsedMs: performance.now() - started };
  }
  throw new Error('expected the call to fail');
}

async function expectLlmFailure(work: () => Promise<unknown>, reason: LlmFailureReason): Promise<LlmUnavailableError> {
  const { error, elapsedMs } = await failureOf(work);
  expect(error).toBeInstanceOf(LlmUnavailableError);
  expect((error as LlmUnavailableError).reason).toBe(reason);
  expect(elapsedMs).toBeLessThan(generousBoundMs);
  return error as LlmUnavailableError;
}

describe('OpenAiChatModel answers', () => {
  it('streams the deltas in order, skipping pings, role-only, empty and reasoning chunks', async () => {
    const server = await startServer({ reply: 'Attention weighs every token.', reasoning: 'Let me think.', chunkDelayMs: 5 });
    const deltas = await collect(modelFor(server.baseUrl).stream(question));
    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas.join('')).toBe('Attention weighs every token.');
  });

  it('streams Chinese text one character per chunk, with CRLF line endings', async () => {
    const server = await startServer({ reply: '注意力机制衡量每个词元。', chunkCharacters: 1, lineEnding: '\r\n' });
    const deltas = await collect(modelFor(server.baseUrl).stream(question));
    expect(deltas).toEqual(Array.from('注意力机制衡量每个词元。'));
  });

  it('answers at once with complete()', async () => {
    const server = await startServer({ reply: (messages) => `echo: ${messages.at(-1)?.content ?? ''}` });
    expect(await modelFor(server.baseUrl).complete(question)).toBe('echo: What is attention?');
    expect(server.requests[0]?.body).toMatchObject({ stream: false });
  });

  it('sends the model, the messages, stream and the sampling options', async () => {
    const server = await startServer();
    await collect(modelFor(server.baseUrl).stream(question, { temperature: 0.2, maxTokens: 64 }));
    const request = server.requests[0];
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/v1/chat/completions');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.body).toEqual({ model: 'test-model', messages: question, stream: true, temperature: 0.2, max_tokens: 64 });
  });

  it('caps every request with the configured max_tokens when the caller gives none', async () => {
    const server = await startServer();
    await modelFor(server.baseUrl, { maxTokens: 321 }).complete(question);
    await collect(modelFor(server.baseUrl, { maxTokens: 321 }).stream(question));
    expect(server.requests.map((request) => (request.body as { max_tokens?: number }).max_tokens)).toEqual([321, 321]);
  });

  it('cuts an answer from a server that ignores max_tokens at 16 characters a token, and closes the request', async () => {
    const server = await startServer({ reply: 'x'.repeat(100_000), chunkCharacters: 1000, chunkDelayMs: 5 });
    const finishes: ChatStreamPart[] = [];
    const deltas = await collect(modelFor(server.baseUrl, { maxTokens: 100 }).stream(question), [], finishes);
    expect(deltas.join('')).toHaveLength(1600);
    expect(finishes).toEqual([{ type: 'finish', reason: 'length' }]);
    expect(await server.requests[0]?.outcome).toBe('closed-early');
    expect(await modelFor(server.baseUrl, { maxTokens: 100 }).complete(question)).toHaveLength(1600);
  });

  it('refuses a completion body larger than 4 MiB as malformed, without reading all of it', async () => {
    const server = await startServer({ reply: 'x'.repeat(6 * 1024 * 1024) });
    await expect(modelFor(server.baseUrl).complete(question)).rejects.toMatchObject({ code: 'LLM_UNAVAILABLE', reason: 'malformed', message: expect.stringContaining('body longer than') });
  });

  it('sends a bearer token only when an API key is configured', async () => {
    const server = await startServer();
    await modelFor(server.baseUrl, { apiKey: 'sk-secret' }).complete(question);
    await modelFor(server.baseUrl).complete(question);
    expect(server.requests[0]?.headers.authorization).toBe('Bearer sk-secret');
    expect(server.requests[1]?.headers.authorization).toBeUndefined();
  });

  it('discovers the model from /models once and names it in requests', async () => {
    const server = await startServer({ modelIds: ['qwen2.5-7b-instruct', 'other'] });
    const model = modelFor(server.baseUrl, { model: undefined, apiKey: 'sk-secret' });
    expect(model.modelId).toBe('unknown');
    await Promise.all([model.complete(question), collect(model.stream(question))]);
    await model.complete(question);
    expect(model.modelId).toBe('qwen2.5-7b-instruct');
    expect(await model.resolveModelId()).toBe('qwen2.5-7b-instruct');
    const listings = server.requests.filter((request) => request.path === '/v1/models');
    expect(listings).toHaveLength(1);
    expect(listings[0]?.headers.authorization).toBe('Bearer sk-secret');
    const chats = server.requests.filter((request) => request.path === '/v1/chat/completions');
    expect(chats.map((request) => (request.body as { model: string }).model)).toEqual(Array(3).fill('qwen2.5-7b-instruct'));
  });

  it('retries a failed discovery on the next call', async () => {
    const server = await startServer({ behavior: { kind: 'status', status: 503, body: 'loading model' } });
    const model = modelFor(server.baseUrl, { model: undefined });
    const error = await expectLlmFailure(() => model.complete(question), 'http');
    expect(error.status).toBe(503);
    server.setBehavior({ kind: 'answer' });
    expect(await model.complete(question)).toBe('Hello from the fake server.');
    expect(model.modelId).toBe('fake-model');
  });

  it('accepts a JSON completion when the server ignores stream: true', async () => {
    const server = await startServer({ behavior: { kind: 'ignore-stream' }, finishReason: 'length' });
    const finishes: ChatStreamPart[] = [];
    expect(await collect(modelFor(server.baseUrl).stream(question), [], finishes)).toEqual(['Hello from the fake server.']);
    expect(finishes).toEqual([{ type: 'finish', reason: 'length' }]);
  });

  it('ends the stream with one finish part: the reason the model stopped and the usage it reported', async () => {
    const usage = { prompt_tokens: 120, completion_tokens: 7, total_tokens: 127 };
    const finished = async (options: Parameters<typeof startServer>[0]) => {
      const finishes: ChatStreamPart[] = [];
      await collect(modelFor((await startServer(options)).baseUrl).stream(question), [], finishes);
      return finishes;
    };
    expect(await finished({})).toEqual([{ type: 'finish', reason: 'stop' }]);
    expect(await finished({ usage })).toEqual([{ type: 'finish', reason: 'stop', usage: { promptTokens: 120, completionTokens: 7, totalTokens: 127 } }]);
    expect(await finished({ finishReason: 'length' })).toEqual([{ type: 'finish', reason: 'length' }]);
    expect(await finished({ finishReason: 'content_filter' })).toEqual([{ type: 'finish', reason: 'content-filter' }]);
    expect(await finished({ finishReason: 'something_new' })).toEqual([{ type: 'finish', reason: 'other' }]);
  });

  it('does not mistake a slow consumer for a stalled server', async () => {
    const server = await startServer({ chunkCharacters: 8 });
    const received: string[] = [];
    for await (const part of modelFor(server.baseUrl, {}, { stallTimeoutMs: 100 }).stream(question)) {
      if (part.type === 'text') received.push(part.text);
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    expect(received.join('')).toBe('Hello from the fake server.');
  });
});

describe('OpenAiChatModel faults', () => {
  it('connection refused → connection', async () => {
    const model = modelFor(await closedPortUrl());
    const error = await expectLlmFailure(() => collect(model.stream(question)), 'connection');
    expect(error.message).toContain('ECONNREFUSED');
    await expectLlmFailure(() => model.complete(question), 'connection');
  });

  it('HTTP 500 → http with the status and an excerpt of the body', async () => {
    const server = await startServer({ behavior: { kind: 'status', status: 500, body: '{"error":{"message":"CUDA out of memory"}}' } });
    const error = await expectLlmFailure(() => collect(modelFor(server.baseUrl).stream(question)), 'http');
    expect(error.status).toBe(500);
    expect(error.message).toContain('CUDA out of memory');
    await expectLlmFailure(() => modelFor(server.baseUrl).complete(question), 'http');
  });

  it('HTTP 401 → http, never repeating the API key', async () => {
    const server = await startServer({ behavior: { kind: 'status', status: 401, body: 'invalid key sk-very-secret-key-123 given' } });
    const error = await expectLlmFailure(
      () => collect(modelFor(server.baseUrl, { apiKey: 'sk-very-secret-key-123' }).stream(question)),
      'http',
    );
    expect(error.status).toBe(401);
    expect(error.message).toContain('invalid key');
    expect(error.message).not.toContain('sk-very-secret-key-123');
  });

  it('no first byte within timeoutMs → timeout', async () => {
    const server = await startServer({ behavior: { kind: 'delay-first-byte', delayMs: 10_000 } });
    await expectLlmFailure(() => collect(impatientModelFor(server.baseUrl).stream(question)), 'timeout');
    await expectLlmFailure(() => impatientModelFor(server.baseUrl).complete(question), 'timeout');
    await expectLlmFailure(() => impatientModelFor(server.baseUrl, { model: undefined }).resolveModelId(), 'timeout');
  });

  it('headers but no token within timeoutMs → timeout', async () => {
    const server = await startServer({ reasoning: '', behavior: { kind: 'stall', afterChunks: 0 } });
    await expectLlmFailure(() => collect(impatientModelFor(server.baseUrl).stream(question)), 'timeout');
  });

  it('silence mid-answer → stalled, after the deltas sent so far', async () => {
    const server = await startServer({ behavior: { kind: 'stall', afterChunks: 2 } });
    const received: string[] = [];
    await expectLlmFailure(() => collect(impatientModelFor(server.baseUrl).stream(question), received), 'stalled');
    expect(received).toEqual(['Hell', 'o fr']);
    await expectLlmFailure(() => impatientModelFor(server.baseUrl).complete(question), 'stalled');
  });

  it('uses the stall limit given apart from timeoutMs', async () => {
    const server = await startServer({ behavior: { kind: 'stall', afterChunks: 1 } });
    const model = modelFor(server.baseUrl, { timeoutMs: 20_000 }, { stallTimeoutMs: 150 });
    await expectLlmFailure(() => collect(model.stream(question)), 'stalled');
  });

  it('a chunk that is not JSON → malformed', async () => {
    const server = await startServer({ behavior: { kind: 'malformed-chunk', afterChunks: 1 } });
    await expectLlmFailure(() => collect(modelFor(server.baseUrl).stream(question)), 'malformed');
    await expectLlmFailure(() => modelFor(server.baseUrl).complete(question), 'malformed');
  });

  it('socket destroyed mid-stream → connection', async () => {
    const server = await startServer({ behavior: { kind: 'destroy-socket', afterChunks: 2 } });
    await expectLlmFailure(() => collect(modelFor(server.baseUrl).stream(question)), 'connection');
    await expectLlmFailure(() => modelFor(server.baseUrl).complete(question), 'connection');
  });

  it('stream ending cleanly without [DONE] → connection', async () => {
    const server = await startServer({ behavior: { kind: 'end-without-done', afterChunks: 2 } });
    const error = await expectLlmFailure(() => collect(modelFor(server.baseUrl).stream(question)), 'connection');
    expect(error.message).toContain('[DONE]');
  });

  it('an error object inside the stream → http', async () => {
    const server = await startServer({ behavior: { kind: 'stream-error', afterChunks: 1 } });
    const error = await expectLlmFailure(() => collect(modelFor(server.baseUrl).stream(question)), 'http');
    expect(error.status).toBe(500);
    expect(error.message).toContain('fake engine failure');
    server.setBehavior({ kind: 'stream-error', afterChunks: 0, error: 'model crashed' });
    const ollamaStyle = await expectLlmFailure(() => collect(modelFor(server.baseUrl).stream(question)), 'http');
    expect(ollamaStyle.message).toContain('model crashed');
    await expectLlmFailure(() => modelFor(server.baseUrl).complete(question), 'http');
  });
});

describe('OpenAiChatModel with an injected fetch', () => {
  it('a 200 page that is not an event stream → malformed', async () => {
    const htmlPage = async () => new Response('<html>proxy login</html>', { headers: { 'content-type': 'text/html' } });
    const model = modelFor('http://llm.invalid/v1', {}, { fetch: htmlPage });
    await expectLlmFailure(() => collect(model.stream(question)), 'malformed');
  });

  it('ends in time even when the fetch ignores its signal', async () => {
    const neverSettles = () => new Promise<Response>(() => undefined);
    const model = impatientModelFor('http://llm.invalid/v1', {}, { fetch: neverSettles });
    await expectLlmFailure(() => collect(model.stream(question)), 'timeout');
    const aborted = await failureOf(() => model.complete(question, { signal: AbortSignal.timeout(50) }));
    expect(aborted.error).toBeInstanceOf(AbortedError);
  });
});

describe('OpenAiChatModel aborts', () => {
  it('rejects with AbortedError mid-stream and closes the request', async () => {
    const server = await startServer({ behavior: { kind: 'stall', afterChunks: 1 } });
    const controller = new AbortController();
    const model = modelFor(server.baseUrl, { timeoutMs: 20_000 });
    const { error, elapsedMs } = await failureOf(async () => {
      for await (const part of model.stream(question, { signal: controller.signal })) {
        expect(part).toEqual({ type: 'text', text: 'Hell' });
        setTimeout(() => controller.abort(new Error('user pressed stop')), 20);
      }
    });
    expect(error).toBeInstanceOf(AbortedError);
    expect((error as AbortedError).message).toBe('user pressed stop');
    expect(elapsedMs).toBeLessThan(generousBoundMs);
    expect(await server.requests[0]?.outcome).toBe('closed-early');
  });

  it('rejects with AbortedError while waiting for the first byte, for stream and complete', async () => {
    const server = await startServer({ behavior: { kind: 'delay-first-byte', delayMs: 10_000 } });
    const model = modelFor(server.baseUrl, { timeoutMs: 20_000 });
    const streamFailure = await failureOf(() => collect(model.stream(question, { signal: AbortSignal.timeout(50) })));
    const completeFailure = await failureOf(() => model.complete(question, { signal: AbortSignal.timeout(50) }));
    for (const { error, elapsedMs } of [streamFailure, completeFailure]) {
      expect(error).toBeInstanceOf(AbortedError);
      expect(elapsedMs).toBeLessThan(generousBoundMs);
    }
    expect(await Promise.all(server.requests.map((request) => request.outcome))).toEqual(['closed-early', 'closed-early']);
  });

  it('rejects an already aborted signal without sending anything', async () => {
    const server = await startServer();
    const model = modelFor(server.baseUrl, { model: undefined });
    const signal = AbortSignal.abort();
    await expect(collect(model.stream(question, { signal }))).rejects.toBeInstanceOf(AbortedError);
    await expect(model.complete(question, { signal })).rejects.toBeInstanceOf(AbortedError);
    await expect(model.resolveModelId(signal)).rejects.toBeInstanceOf(AbortedError);
    expect(server.requests).toHaveLength(0);
  });

  it('closes the request when the consumer stops reading early', async () => {
    const server = await startServer({ behavior: { kind: 'stall', afterChunks: 2 } });
    for await (const part of modelFor(server.baseUrl, { timeoutMs: 20_000 }).stream(question)) {
      expect(part).toEqual({ type: 'text', text: 'Hell' });
      break;
    }
    expect(await server.requests[0]?.outcome).toBe('closed-early');
  });
});
