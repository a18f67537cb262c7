/**
 * Why a model stopped: `stop` (it finished), `length` (it hit `max_tokens`, or the tutor's character
 * ceiling), `content-filter` (the server's filter ended it), `tool-calls`, `other` (a reason this
 * client does not know), or `unknown` (the server did not say).
 */
export type FinishReason = 'stop' | 'length' | 'content-filter' | 'tool-calls' | 'other' | 'unknown';

/** Tokens the request cost, as far as the server reported them. */
export interface ChatUsage {
  promptTokens?: number;
  completionTokens?: number;
  totalTokens?: number;
}

/**
 * One part of a streamed chat answer: text deltas in order, then exactly one `finish` when the answer
 * ended normally (a failure throws instead), with the reason and the usage the server reported.
 */
export type ChatStreamPart = { type: 'text'; text: string } | { type: 'finish'; reason: FinishReason; usage?: ChatUsage };

/** Reads an OpenAI-style `finish_reason` (null or absent: the answer has not finished). */
export function toFinishReason(value: unknown): FinishReason | undefined {
  if (typeof value !== 'string') return undefined;
  switch (value) {
    case 'stop':
    case 'eos':
    case 'end_turn':
      return 'stop';
    case 'length':
    case 'max_tokens':
      return 'length';
    case 'content_filter':
      return 'content-filter';
    case 'tool_calls':
    case 'function_call':
      return 'tool-calls';
    default:
      return 'other';
  }
}

/** Reads an OpenAI-style `usage` object, keeping only the counts that are numbers. */
export function toChatUsage(value: unknown): ChatUsage | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  const usage: ChatUsage = {};
  if (typeof record['prompt_tokens'] === 'number') usage.promptTokens = record['prompt_tokens'];
  if (typeof record['completion_tokens'] === 'number') usage.completionTokens = record['completion_tokens'];
  if (typeof record['total_tokens'] === 'number') usage.totalTokens = record['total_tokens'];
  return Object.keys(usage).length === 0 ? undefined : usage;
}
