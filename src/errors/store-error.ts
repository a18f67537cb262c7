import { TutorError } from './tutor-error.js';

/** The data file (`DATA_DIR`) cannot be opened, read or written; the file itself is never touched. */
export class StoreError extends TutorError {
  readonly file: string;

  constructor(file: string, reason: string, options?: { cause?: unknown }) {
    super('STORE_INVALID', `${file}: ${reason}`, options);
    this.file = file;
  }
}
