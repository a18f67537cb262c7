import { AbortedError, LlmUnavailableError, TutorError, describeAbortReason } from '../errors/index.js';

/**
 * Ties one request to its caller's AbortSignal and to a single re-armable timer. Whatever ends the request (caller
 * abort, timeout, stall) aborts `signal`, which closes the HTTP request, and its reason becomes the thrown error.
 */
const requestOver = new AbortedError('the request is over');

export class RequestGuard {
  private readonly controller = new AbortController();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly onCallerAbort: () => void;

  constructor(private readonly callerSignal: AbortSignal | undefined) {
    this.onCallerAbort = () => {
      const reason: unknown = callerSignal?.reason;
      this.controller.abort(new AbortedError(describeAbortReason(reason), { cause: reason }));
    };
    if (callerSignal?.aborted) this.onCallerAbort();
    else callerSignal?.addEventListener('abort', this.onCallerAbort, { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** (Re)starts the timer; when it fires, the request ends with the given error. */
  arm(milliseconds: number, makeError: () => Error): void {
    this.disarm();
    this.timer = setTimeout(() => this.controller.abort(makeError()), milliseconds);
  }

  disarm(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Settles with the promise, or rejects as soon as the request is ended, even if the promise ignores the signal. */
  race<T>(promise: Promise<T>): Promise<T> {
    const signal = this.controller.signal;
    let onAbort = (): void => undefined;
    const ended = new Promise<never>((_resolve, reject) => {
      onAbort = () => reject(signal.reason as Error);
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    });
    return Promise.race([promise, ended]).finally(() => signal.removeEventListener('abort', onAbort));
  }

  /** The error to surface: why the request was ended if it was, else the failure itself, mapped to the tutor's errors. */
  translate(error: unknown, serverName: string): Error {
    const reason: unknown = this.controller.signal.reason;
    if (this.controller.signal.aborted && reason instanceof TutorError) return reason;
    if (error instanceof TutorError) return error;
    return new LlmUnavailableError('connection', `the connection to the LLM server at ${serverName} failed: ${describeNetworkError(error)}`, {
      cause: error,
    });
  }

  /** Stops the timer and closes whatever is left of the HTTP request (a no-op once its body was read to the end). */
  dispose(): void {
    this.disarm();
    this.callerSignal?.removeEventListener('abort', this.onCallerAbort);
    // One shared reason: building an Error (and its stack) for every finished request is measurable under load.
    if (!this.controller.signal.aborted) this.controller.abort(requestOver);
  }
}

/** undici hides the useful part (ECONNREFUSED, "other side closed") in `cause`. */
function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause: unknown = error.cause;
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return typeof code === 'string' ? `${code} (${cause.message})` : `${cause.message} (${error.message})`;
  }
  return error.message;
}
