import type { AskId, ServerMessage } from './protocol.js';
import { toErrorPayload } from './to-error-payload.js';

/** The websocket `error` message. */
export type ErrorMessage = Extract<ServerMessage, { type: 'error' }>;

/**
 * Any error as the websocket `error` message, through the one error mapping (toErrorPayload), with
 * the ask's id when it concerns one and the retry hint when there is one.
 */
export function toErrorMessage(error: unknown, id?: AskId): ErrorMessage {
  const payload = toErrorPayload(error);
  return {
    type: 'error',
    ...(id === undefined ? {} : { id }),
    code: payload.code,
    message: payload.message,
    ...(payload.retryAfterMs === undefined ? {} : { retryAfterMs: payload.retryAfterMs }),
  };
}
