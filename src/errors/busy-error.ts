import { TutorError } from './tutor-error.js';

/** A session already has an answer in flight; a second ask is refused rather than queued. */
export class BusyError extends TutorError {
  readonly activeId: string | number;

  constructor(activeId: string | number) {
    super('BUSY', `an answer is still being written (ask ${JSON.stringify(activeId)}); wait for it or cancel it first`);
    this.activeId = activeId;
  }
}
