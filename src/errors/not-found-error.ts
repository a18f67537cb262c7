import { TutorError } from './tutor-error.js';

/** A requested resource (a record, a session) does not exist. */
export class NotFoundError extends TutorError {
  constructor(message: string) {
    super('NOT_FOUND', message);
  }
}
