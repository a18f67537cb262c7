import { TutorError } from './tutor-error.js';

/** The on-disk index is missing, stale or unreadable. */
export class IndexInvalidError extends TutorError {
  readonly directory: string;

  constructor(directory: string, reason: string, options: { cause?: unknown } = {}) {
    super('INDEX_INVALID', `index in ${directory} is unusable: ${reason}`, options);
    this.directory = directory;
  }
}
