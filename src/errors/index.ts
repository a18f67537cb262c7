export { TutorError, type TutorErrorCode } from './tutor-error.js';
export { ConfigError } from './config-error.js';
export { CorpusError } from './corpus-error.js';
export { ModelUnavailableError } from './model-unavailable-error.js';
export { LlmUnavailableError, type LlmFailureReason } from './llm-unavailable-error.js';
export { AbortedError, throwIfAborted, describeAbortReason } from './aborted-error.js';
export { BadRequestError } from './bad-request-error.js';
export { NotFoundError } from './not-found-error.js';
export { IndexInvalidError } from './index-invalid-error.js';
