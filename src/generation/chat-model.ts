import type { ChatStreamPart } from './chat-stream-part.js';

/** One message of an OpenAI-style chat. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** Options for one LLM request. */
export interface ChatRequestOptions {
  signal?: AbortSignal;
  temperature?: number;
  maxTokens?: number;
}

/** An LLM that answers chats; implementations talk to OpenAI-compatible servers. */
export interface ChatModel {
  readonly modelId: string;
  /** Streams the answer as text parts in order, then one `finish` part with the reason the model stopped. */
  stream(messages: readonly ChatMessage[], options?: ChatRequestOptions): AsyncIterable<ChatStreamPart>;
  /** The whole answer at once (used for short steps such as condensing a follow-up). */
  complete(messages: readonly ChatMessage[], options?: ChatRequestOptions): Promise<string>;
}
