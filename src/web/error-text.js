/** @import { TutorErrorCode } from './protocol-types.js' */

/**
 * What a learner is told for each of the server's error codes; the server's message is added after it.
 * Typed by the server's own code union, so tsc fails when the server gains a code this page does not
 * word, or when a key here is misspelled.
 * @type {Record<TutorErrorCode, string>}
 */
const ERROR_TEXT = {
  BAD_REQUEST: 'The tutor could not read that message.',
  TOO_LARGE: 'That message is too long.',
  NOT_FOUND: 'The tutor could not find that.',
  FORBIDDEN: 'The tutor refused this page.',
  RATE_LIMITED: 'Too many questions at once.',
  BUSY: 'Still answering the previous question. Wait for it, or stop it first.',
  RESUMED_ELSEWHERE: 'This conversation continued in another window.',
  CONFIG_INVALID: 'The tutor is set up wrongly.',
  CORPUS_INVALID: 'The question bank could not be read.',
  INDEX_INVALID: 'The search index is not usable.',
  STORE_INVALID: 'The tutor cannot read or write its saved conversations.',
  MODEL_UNAVAILABLE: 'The search models are unavailable right now.',
  LLM_UNAVAILABLE: 'The language model is unavailable right now.',
  ABORTED: 'The answer was stopped.',
  TIMEOUT: 'The answer took too long and was ended.',
  INTERNAL: 'Something went wrong on the server.',
};

/**
 * The server's error code as one this page knows, or undefined (a newer server, a stray frame).
 * Callers compare the result, not the raw string, so a misspelled code is a type error.
 * @param {string} code
 * @returns {TutorErrorCode | undefined}
 */
export function knownErrorCode(code) {
  return Object.hasOwn(ERROR_TEXT, code) ? /** @type {TutorErrorCode} */ (code) : undefined;
}

/**
 * @param {TutorErrorCode} code
 * @returns {string}
 */
export function errorText(code) {
  return ERROR_TEXT[code];
}
