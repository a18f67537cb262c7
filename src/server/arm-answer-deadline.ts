import { TutorError } from '../errors/index.js';

/**
 * Aborts an answer's controller with a TIMEOUT error once it has run for `milliseconds`
 * (`ANSWER_TIMEOUT_MS`), for the websocket and `POST /api/chat` alike. The reason is the error the
 * client is told, so the answer's caller reports `controller.signal.reason` once the signal fired.
 * Returns the disposer that clears the timer when the answer ends first.
 */
export function armAnswerDeadline(controller: AbortController, milliseconds: number): () => void {
  const timer = setTimeout(() => controller.abort(new TutorError('TIMEOUT', `the answer took longer than ${milliseconds} ms`)), milliseconds);
  return () => clearTimeout(timer);
}
