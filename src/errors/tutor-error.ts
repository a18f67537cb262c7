/** Every failure the tutor reports carries one of these codes; the protocol and HTTP layers map them to messages and statuses. */
export type TutorErrorCode =
  | 'BAD_REQUEST'
  | 'TOO_LARGE'
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'RATE_LIMITED'
  | 'BUSY'
  | 'RESUMED_ELSEWHERE'
  | 'CONFIG_INVALID'
  | 'CORPUS_INVALID'
  | 'INDEX_INVALID'
  | 'STORE_INVALID'
  | 'MODEL_UNAVAILABLE'
  | 'LLM_UNAVAILABLE'
  | 'ABORTED'
  | 'TIMEOUT'
  | 'INTERNAL';

/** Base class of the tutor's errors: a stable `code` for machines, a message for people, and the underlying `cause`. */
export class TutorError extends Error {
  readonly code: TutorErrorCode;

  constructor(code: TutorErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
  }
}
