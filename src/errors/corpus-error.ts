import { TutorError } from './tutor-error.js';

/** The corpus document is malformed; `line` is 1-based and names where the problem was found. */
export class CorpusError extends TutorError {
  readonly line: number;
  readonly path: string;

  constructor(path: string, line: number, reason: string) {
    super('CORPUS_INVALID', `${path}:${line}: ${reason}`);
    this.path = path;
    this.line = line;
  }
}
