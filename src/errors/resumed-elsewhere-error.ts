import { TutorError } from './tutor-error.js';

/** Another connection resumed this connection's session with its token; this one is closed. */
export class ResumedElsewhereError extends TutorError {
  constructor() {
    super('RESUMED_ELSEWHERE', 'this conversation was continued in another window; this one is closed');
  }
}
