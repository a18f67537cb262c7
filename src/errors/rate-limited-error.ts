import { TutorError } from './tutor-error.js';

/** Too many requests from one client; `retryAfterMs` says when to try again. */
export class RateLimitedError extends TutorError {
  readonly retryAfterMs: number;

  constructor(what: string, retryAfterMs: number) {
    super('RATE_LIMITED', `${what}; try again in ${Math.ceil(retryAfterMs / 1000)} s`);
    this.retryAfterMs = retryAfterMs;
  }
}
