import { TutorError } from './tutor-error.js';

/** The request is well formed but not allowed from where it comes (a `Host` not on the allow-list). */
export class ForbiddenError extends TutorError {
  constructor(message: string) {
    super('FORBIDDEN', message);
  }
}
