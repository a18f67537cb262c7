import { TutorError } from './tutor-error.js';

/** Why a request to the OpenAI-compatible server failed. */
export type LlmFailureReason = 'connection' | 'http' | 'timeout' | 'stalled' | 'malformed' | 'circuit-open';

/** The OpenAI-compatible LLM server failed; `reason` and `status` say how. */
export class LlmUnavailableError extends TutorError {
  readonly reason: LlmFailureReason;
  readonly status: number | undefined;

  constructor(reason: LlmFailureReason, message: string, options: { status?: number; cause?: unknown } = {}) {
    super('LLM_UNAVAILABLE', message, options.cause === undefined ? {} : { cause: options.cause });
    this.reason = reason;
    this.status = options.status;
  }
}
