import type { LlmConfig } from '../config/index.js';
import { LlmUnavailableError, throwIfAborted } from '../errors/index.js';
import type { ChatMessage, ChatModel, ChatRequestOptions } from './chat-model.js';
import { toChatUsage, toFinishReason, type ChatStreamPart, type ChatUsage, type FinishReason } from './chat-stream-part.js';
import { parseServerSentEvents } from './parse-server-sent-events.js';
import { cutAtLength } from './cut-at-length.js';
import { readBodyText } from './read-body-text.js';
import { RequestGuard } from './request-guard.js';

/** Extra settings of {@link OpenAiChatModel}, mostly for tests. */
export interface OpenAiChatModelOptions {
  /** The HTTP client (default: the global `fetch`). */
  fetch?: typeof fetch;
  /** Longest silence allowed between two tokens once the answer has started (default: `config.timeoutMs`). */
  stallTimeoutMs?: number;
}

const excerptLength = 200;
/** A JSON body (a completion, a model list) larger than this is not an answer to a tutor's question. */
const maxBodyCharacters = 4 * 1024 * 1024;
/**
 * A token is rarely longer than a few characters; a server that sends more than this many per token
 * of `max_tokens` is ignoring the cap, and the answer is cut there as if it had stopped at the limit.
 */
const charactersPerTokenCeiling = 16;
const errorBodyLength = 4096;

/**
 * A {@link ChatModel} for any OpenAI-compatible server (vLLM, Ollama, llama.cpp server, TGI) via `POST /chat/completions`.
 *
 * Every failure ends in bounded time as an `LlmUnavailableError`: `connection` (refused, reset, or the stream ended
 * before `[DONE]`), `http` (non-2xx status, or an `error` object sent inside the stream), `timeout` (no first token
 * within `timeoutMs`), `stalled` (no token for the stall limit once the answer has started) and `malformed` (a chunk
 * or body that is not JSON). Firing the caller's AbortSignal closes the HTTP request and rejects with `AbortedError`.
 *
 * Reasoning tokens (`reasoning_content`, `reasoning`) are not yielded but count as progress, so a reasoning model that
 * thinks for a while is not mistaken for a stalled one. Comment lines (`: ping`) are not progress: a server that only
 * sends keep-alives would otherwise hold a request forever.
 */
export class OpenAiChatModel implements ChatModel {
  private readonly config: LlmConfig;
  private readonly fetchFunction: typeof fetch;
  private readonly stallTimeoutMs: number;
  /** The base URL without any user:password part, safe to put in messages and logs. */
  private readonly serverName: string;
  private discoveredModelId: string | undefined;
  private discovery: Promise<string> | undefined;

  constructor(config: LlmConfig, options: OpenAiChatModelOptions = {}) {
    this.config = config;
    this.fetchFunction = options.fetch ?? globalThis.fetch;
    this.stallTimeoutMs = options.stallTimeoutMs ?? config.timeoutMs;
    this.serverName = withoutCredentials(config.baseUrl);
  }

  /** The configured model, or the one discovered from `GET /models`; `unknown` before discovery. */
  get modelId(): string {
    return this.config.model ?? this.discoveredModelId ?? 'unknown';
  }

  /**
   * The model to name in requests: the configured one, else the first id listed by `GET {baseUrl}/models`, fetched once
   * and cached. Concurrent callers share one discovery; a failed discovery is retried by the next call.
   */
  async resolveModelId(signal?: AbortSignal): Promise<string> {
    throwIfAborted(signal);
    const known = this.config.model ?? this.discoveredModelId;
    if (known !== undefined) return known;
    this.discovery ??= this.discoverModelId().then(
      (modelId) => (this.discoveredModelId = modelId),
      (error: unknown) => {
        this.discovery = undefined;
        throw error;
      },
    );
    // The shared discovery is bounded by its own timeout; this caller only stops waiting for it when it aborts.
    const discovery = this.discovery;
    return this.guarded(signal, (guard) => guard.race(discovery));
  }

  async *stream(messages: readonly ChatMessage[], options: ChatRequestOptions = {}): AsyncGenerator<ChatStreamPart, void, undefined> {
    throwIfAborted(options.signal);
    const guard = new RequestGuard(options.signal);
    try {
      const model = await guard.race(this.resolveModelId(options.signal));
      guard.arm(this.config.timeoutMs, () => this.timeoutError());
      const response = await this.post(this.requestBody(model, messages, options, true), guard);
      if (isJson(response)) {
        // Some servers ignore `stream: true` and answer with one JSON completion.
        const completion = await this.readCompletion(response, guard);
        const content = cutAtLength(completion.content, this.characterCeiling(options));
        if (content !== '') yield { type: 'text', text: content };
        yield finishPart(content.length < completion.content.length ? 'length' : completion.reason, completion.usage);
        return;
      }
      if (response.body === null) throw new LlmUnavailableError('malformed', 'the LLM server sent no response body');
      const events = parseServerSentEvents(response.body)[Symbol.asyncIterator]();
      let sawDone = false;
      let finishReason: FinishReason | undefined;
      let cutAtCeiling = false;
      let usage: ChatUsage | undefined;
      let charactersLeft = this.characterCeiling(options);
      try {
        for (;;) {
          const next = await guard.race(events.next());
          if (next.done) break;
          const chunk = this.interpretChunk(next.value.event, next.value.data);
          if (chunk === 'done') {
            sawDone = true;
            break;
          }
          finishReason ??= chunk.finishReason;
          usage = chunk.usage ?? usage;
          if (chunk.content === '' && chunk.reasoning === '') continue;
          if (chunk.content !== '') {
            // A slow consumer is backpressure, not a stalled server: no timer runs while suspended at `yield`.
            guard.disarm();
            const content = cutAtLength(chunk.content, charactersLeft);
            charactersLeft -= content.length;
            if (content !== '') yield { type: 'text', text: content };
            // At the ceiling the answer ends here, as if the server had stopped at max_tokens; the request
            // is closed (below) before the finish part is given.
            if (content.length < chunk.content.length || charactersLeft <= 0) {
              finishReason = 'length';
              cutAtCeiling = true;
              break;
            }
          }
          guard.arm(this.stallTimeoutMs, () => this.stalledError());
        }
      } finally {
        events.return().catch(() => undefined);
      }
      // Older servers (TGI before [DONE] support) end cleanly after the finishing chunk; anything else is a cut stream.
      if (!sawDone && !cutAtCeiling && finishReason === undefined) {
        const contentType = response.headers.get('content-type') ?? 'none';
        // A 200 page that is no event stream at all (a proxy's HTML, say) yields no events; that is not a dropped socket.
        if (!contentType.includes('text/event-stream')) {
          throw new LlmUnavailableError('malformed', `the LLM server at ${this.serverName} answered with content-type ${contentType}`);
        }
        throw new LlmUnavailableError('connection', `the LLM server at ${this.serverName} ended the stream before [DONE]`);
      }
      // No timer runs while the consumer handles the finish part.
      guard.disarm();
      yield finishPart(finishReason ?? 'unknown', usage);
    } catch (error) {
      throw guard.translate(error, this.serverName);
    } finally {
      guard.dispose();
    }
  }

  async complete(messages: readonly ChatMessage[], options: ChatRequestOptions = {}): Promise<string> {
    throwIfAborted(options.signal);
    return this.guarded(options.signal, async (guard) => {
      const model = await guard.race(this.resolveModelId(options.signal));
      guard.arm(this.config.timeoutMs, () => this.timeoutError());
      const response = await this.post(this.requestBody(model, messages, options, false), guard);
      return cutAtLength((await this.readCompletion(response, guard)).content, this.characterCeiling(options));
    });
  }

  private discoverModelId(): Promise<string> {
    return this.guarded(undefined, async (guard) => {
      guard.arm(this.config.timeoutMs, () => this.timeoutError('list its models'));
      const response = await guard.race(
        this.fetchFunction(`${this.config.baseUrl}/models`, { headers: this.headers('application/json'), signal: guard.signal }),
      );
      await this.ensureSuccess(response, guard);
      const listing = this.parseJson(await guard.race(readBodyText(response, maxBodyCharacters)));
      const first = Array.isArray(listing['data']) ? (listing['data'][0] as unknown) : undefined;
      const modelId = isRecord(first) ? first['id'] : undefined;
      if (typeof modelId !== 'string' || modelId === '') {
        throw new LlmUnavailableError('malformed', `the LLM server at ${this.serverName} lists no models; set LLM_MODEL`);
      }
      return modelId;
    });
  }

  /** Runs one request under a fresh guard, mapping whatever ends it to the tutor's errors. */
  private async guarded<T>(signal: AbortSignal | undefined, work: (guard: RequestGuard) => Promise<T>): Promise<T> {
    const guard = new RequestGuard(signal);
    try {
      return await work(guard);
    } catch (error) {
      throw guard.translate(error, this.serverName);
    } finally {
      guard.dispose();
    }
  }

  private async post(body: Record<string, unknown>, guard: RequestGuard): Promise<Response> {
    const accept = body['stream'] === true ? 'text/event-stream' : 'application/json';
    const response = await guard.race(
      this.fetchFunction(`${this.config.baseUrl}/chat/completions`, {
        method: 'POST',
        headers: { ...this.headers(accept), 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: guard.signal,
      }),
    );
    await this.ensureSuccess(response, guard);
    return response;
  }

  /** Reads a non-streamed completion; the body must arrive within the stall limit once the headers have. */
  private async readCompletion(response: Response, guard: RequestGuard): Promise<{ content: string; reason: FinishReason; usage: ChatUsage | undefined }> {
    guard.arm(this.stallTimeoutMs, () => this.stalledError());
    const completion = this.parseJson(await guard.race(readBodyText(response, maxBodyCharacters)));
    if (completion['error'] !== undefined) throw this.streamedError(completion['error']);
    const choice = Array.isArray(completion['choices']) ? (completion['choices'][0] as unknown) : undefined;
    const message = isRecord(choice) ? choice['message'] : undefined;
    if (!isRecord(message)) throw new LlmUnavailableError('malformed', 'the LLM server sent a completion without a message');
    // A null content (a reasoning model that ran out of tokens while thinking) is an empty answer, not a broken server.
    const content = typeof message['content'] === 'string' ? message['content'] : '';
    return { content, reason: toFinishReason(isRecord(choice) ? choice['finish_reason'] : undefined) ?? 'unknown', usage: toChatUsage(completion['usage']) };
  }

  private async ensureSuccess(response: Response, guard: RequestGuard): Promise<void> {
    if (response.ok) return;
    // The first-token timer still runs, so even an endless error body cannot hold the request.
    const body = await guard.race(readBodyText(response, errorBodyLength, { truncate: true })).catch(() => '');
    let detail = body;
    try {
      const parsed: unknown = JSON.parse(body);
      if (isRecord(parsed)) detail = describeErrorObject(parsed['error'] ?? parsed['detail'] ?? parsed['message'] ?? parsed);
    } catch {
      // Not JSON (an HTML page from a proxy, say): the raw text is the best description.
    }
    const status = `${response.status}${response.statusText === '' ? '' : ` ${response.statusText}`}`;
    throw new LlmUnavailableError('http', `the LLM server at ${this.serverName} answered HTTP ${status}: ${this.excerpt(detail)}`, {
      status: response.status,
    });
  }

  private interpretChunk(
    eventType: string,
    data: string,
  ): 'done' | { content: string; reasoning: string; finishReason: FinishReason | undefined; usage: ChatUsage | undefined } {
    if (data.trim() === '[DONE]') return 'done';
    if (eventType === 'error') throw this.streamedError(data);
    const payload = this.parseJson(data);
    if (payload['error'] !== undefined) throw this.streamedError(payload['error']);
    const choice = Array.isArray(payload['choices']) ? (payload['choices'][0] as unknown) : undefined;
    // The usage often comes in a last chunk of its own, with no choices (OpenAI, vLLM).
    const usage = toChatUsage(payload['usage']);
    if (!isRecord(choice)) return { content: '', reasoning: '', finishReason: undefined, usage };
    const delta = isRecord(choice['delta']) ? choice['delta'] : {};
    const content = typeof delta['content'] === 'string' ? delta['content'] : '';
    const reasoningField = delta['reasoning_content'] ?? delta['reasoning'];
    const reasoning = typeof reasoningField === 'string' ? reasoningField : '';
    return { content, reasoning, finishReason: toFinishReason(choice['finish_reason']), usage };
  }

  private parseJson(text: string): Record<string, unknown> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (cause) {
      throw new LlmUnavailableError('malformed', `the LLM server at ${this.serverName} sent invalid JSON: ${this.excerpt(text)}`, { cause });
    }
    if (!isRecord(parsed)) throw new LlmUnavailableError('malformed', `the LLM server at ${this.serverName} sent unexpected JSON: ${this.excerpt(text)}`);
    return parsed;
  }

  /** vLLM, Ollama and TGI report failures during generation as an `error` member of a chunk. */
  private streamedError(error: unknown): LlmUnavailableError {
    const code = isRecord(error) ? error['code'] : undefined;
    const message = `the LLM server at ${this.serverName} reported an error: ${this.excerpt(describeErrorObject(error))}`;
    return typeof code === 'number' && code >= 400 && code <= 599
      ? new LlmUnavailableError('http', message, { status: code })
      : new LlmUnavailableError('http', message);
  }

  /** The most characters an answer may have before it is cut (see charactersPerTokenCeiling). */
  private characterCeiling(options: ChatRequestOptions): number {
    return (options.maxTokens ?? this.config.maxTokens) * charactersPerTokenCeiling;
  }

  private requestBody(model: string, messages: readonly ChatMessage[], options: ChatRequestOptions, stream: boolean): Record<string, unknown> {
    const body: Record<string, unknown> = { model, messages: messages.map(({ role, content }) => ({ role, content })), stream };
    if (options.temperature !== undefined) body['temperature'] = options.temperature;
    // Every request is capped: a server's own default may be unbounded.
    body['max_tokens'] = options.maxTokens ?? this.config.maxTokens;
    return body;
  }

  private headers(accept: string): Record<string, string> {
    const headers: Record<string, string> = { accept };
    if (this.config.apiKey !== undefined && this.config.apiKey !== '') headers['authorization'] = `Bearer ${this.config.apiKey}`;
    return headers;
  }

  private timeoutError(what = 'send a first token'): LlmUnavailableError {
    return new LlmUnavailableError('timeout', `the LLM server at ${this.serverName} did not ${what} within ${this.config.timeoutMs} ms`);
  }

  private stalledError(): LlmUnavailableError {
    return new LlmUnavailableError('stalled', `the LLM server at ${this.serverName} sent nothing for ${this.stallTimeoutMs} ms mid-answer`);
  }

  /** A short, single-line piece of server text, with the API key blanked out in case the server echoes it. */
  private excerpt(text: string): string {
    let flat = text.replace(/\s+/g, ' ').trim();
    const apiKey = this.config.apiKey;
    if (apiKey !== undefined && apiKey !== '') flat = flat.split(apiKey).join('[redacted]');
    return flat.length > excerptLength ? `${flat.slice(0, excerptLength)}…` : flat;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isJson(response: Response): boolean {
  return (response.headers.get('content-type') ?? '').includes('application/json');
}

function describeErrorObject(error: unknown): string {
  if (typeof error === 'string') return error;
  if (isRecord(error) && typeof error['message'] === 'string') return error['message'];
  return JSON.stringify(error) ?? String(error);
}

function withoutCredentials(baseUrl: string): string {
  try {
    const url = new URL(baseUrl);
    url.username = '';
    url.password = '';
    return url.toString().replace(/\/+$/, '');
  } catch {
    return 'the configured URL';
  }
}

function finishPart(reason: FinishReason, usage: ChatUsage | undefined): ChatStreamPart {
  return usage ? { type: 'finish', reason, usage } : { type: 'finish', reason };
}
