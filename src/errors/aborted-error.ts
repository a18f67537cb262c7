import { TutorError } from './tutor-error.js';

/** Work was stopped through its AbortSignal (cancel, disconnect, shutdown or timeout). */
export class AbortedError extends TutorError {
  constructor(reason = 'the operation was aborted', options: { cause?: unknown } = {}) {
    super('ABORTED', reason, options);
  }
}

/** Throws an AbortedError when the signal has fired; call it between steps of long work. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw new AbortedError(describeAbortReason(signal.reason), { cause: signal.reason });
  }
}

/** A readable text for an abort reason, whatever type the reason has. */
export function describeAbortReason(reason: unknown): string {
  if (reason instanceof Error) return reason.message;
  if (typeof reason === 'string') return reason;
  return 'the operation was aborted';
}
