import { TutorError } from './tutor-error.js';

/** A request from a client is malformed; `field` names the offending part when there is one. */
export class BadRequestError extends TutorError {
  readonly field: string | undefined;

  constructor(message: string, options: { field?: string; cause?: unknown } = {}) {
    super('BAD_REQUEST', message, options.cause === undefined ? {} : { cause: options.cause });
    this.field = options.field;
  }
}
