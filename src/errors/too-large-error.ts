import { TutorError } from './tutor-error.js';

/** Something a client sent is over its limit; `limit` and `size` say by how much. */
export class TooLargeError extends TutorError {
  readonly limit: number;
  readonly size: number;

  constructor(what: string, size: number, limit: number) {
    super('TOO_LARGE', `${what} has ${size} characters; the limit is ${limit}`);
    this.limit = limit;
    this.size = size;
  }
}
