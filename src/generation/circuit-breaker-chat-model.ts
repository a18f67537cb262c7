import { LlmUnavailableError } from '../errors/index.js';
import type { ChatMessage, ChatModel, ChatRequestOptions } from './chat-model.js';
import type { ChatStreamPart } from './chat-stream-part.js';
import { CircuitBreaker } from './circuit-breaker.js';

/**
 * A ChatModel that stops calling a server that keeps failing: while the breaker is open every call
 * fails at once with `circuit-open` (the tutor then answers extractively), and after the cool-down one
 * trial request decides whether to close it again. Aborts by the learner never count as failures.
 */
export class CircuitBreakerChatModel implements ChatModel {
  private readonly inner: ChatModel;
  readonly breaker: CircuitBreaker;

  constructor(inner: ChatModel, breaker: CircuitBreaker) {
    this.inner = inner;
    this.breaker = breaker;
  }

  get modelId(): string {
    return this.inner.modelId;
  }

  async *stream(messages: readonly ChatMessage[], options: ChatRequestOptions = {}): AsyncGenerator<ChatStreamPart> {
    this.admit();
    let finished = false;
    try {
      for await (const part of this.inner.stream(messages, options)) yield part;
      finished = true;
      this.breaker.recordSuccess();
    } catch (error) {
      finished = true;
      this.record(error);
      throw error;
    } finally {
      // The consumer stopped early (cancel): neither a success nor a failure of the server.
      if (!finished) this.breaker.recordCancellation();
    }
  }

  async complete(messages: readonly ChatMessage[], options: ChatRequestOptions = {}): Promise<string> {
    this.admit();
    try {
      const answer = await this.inner.complete(messages, options);
      this.breaker.recordSuccess();
      return answer;
    } catch (error) {
      this.record(error);
      throw error;
    }
  }

  private admit(): void {
    if (!this.breaker.canRequest()) {
      throw new LlmUnavailableError('circuit-open', `the LLM server failed repeatedly; retrying in ${Math.ceil(this.breaker.retryAfterMs / 1000)} s`);
    }
  }

  private record(error: unknown): void {
    if (CircuitBreaker.countsAsFailure(error)) this.breaker.recordFailure();
    else this.breaker.recordCancellation();
  }
}
