/**
 * Options every model, LLM and I/O call takes: work stops when the signal fires (with an
 * AbortedError, see throwIfAborted). It lives here, beside the abort errors, because every layer
 * from the model worker up to the server passes it down.
 */
export interface CallOptions {
  signal?: AbortSignal;
}
