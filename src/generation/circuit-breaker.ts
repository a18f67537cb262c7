import { LlmUnavailableError } from '../errors/index.js';

/** `closed`: requests flow; `open`: requests are refused until the cool-down ends; `half-open`: one trial request may go. */
export type CircuitState = 'closed' | 'open' | 'half-open';

/** Settings of a {@link CircuitBreaker}; every field has a default. */
export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit (default 5). */
  failureThreshold?: number;
  /** How long the circuit stays open before one trial request is let through (default 30 000 ms). */
  coolDownMs?: number;
  /** The clock, in milliseconds; tests inject a fake one (default `Date.now`). */
  now?: () => number;
  /** Called on every change of state, e.g. to log that the LLM server went down or came back. */
  onStateChange?: (state: CircuitState, previous: CircuitState) => void;
}

/**
 * Stops sending requests to an LLM server that keeps failing, so users get a quick "unavailable" instead of each
 * waiting for a timeout, and retries with a single trial request once a cool-down has passed.
 *
 * Usage: ask {@link canRequest} before each request (refuse with `LlmUnavailableError('circuit-open', …)` when it
 * says no), then report the outcome with exactly one of {@link recordSuccess}, {@link recordFailure} or
 * {@link recordCancellation}. Only failures of the LLM server count: an `AbortedError` (the user cancelled, the
 * client disconnected, the process is shutting down) says nothing about the server's health and must be reported
 * with {@link recordCancellation}, never {@link recordFailure}. {@link CircuitBreaker.countsAsFailure} tells them apart.
 *
 * The breaker is a plain state machine with no timers, so it holds no resources and needs no disposal.
 */
export class CircuitBreaker {
  private readonly failureThreshold: number;
  private readonly coolDownMs: number;
  private readonly now: () => number;
  private readonly onStateChange: ((state: CircuitState, previous: CircuitState) => void) | undefined;
  private storedState: CircuitState = 'closed';
  private consecutiveFailures = 0;
  private openedAt = 0;
  /** When the half-open trial was let through; undefined while no trial is in flight. */
  private trialStartedAt: number | undefined;

  constructor(options: CircuitBreakerOptions = {}) {
    this.failureThreshold = options.failureThreshold ?? 5;
    this.coolDownMs = options.coolDownMs ?? 30_000;
    this.now = options.now ?? Date.now;
    this.onStateChange = options.onStateChange;
    if (!Number.isInteger(this.failureThreshold) || this.failureThreshold < 1) {
      throw new RangeError(`failureThreshold must be a positive integer, got ${this.failureThreshold}`);
    }
    if (!(this.coolDownMs >= 0)) throw new RangeError(`coolDownMs must be at least 0, got ${this.coolDownMs}`);
  }

  /**
   * True when an outcome is worth recording as a failure: an `LlmUnavailableError` other than `circuit-open` (which the
   * breaker itself caused) and other than an HTTP 400, 413 or 422, with which a healthy server rejects one particular
   * request (a prompt too long for the context, say). Aborts and every other error are not the server's fault.
   */
  static countsAsFailure(error: unknown): boolean {
    if (!(error instanceof LlmUnavailableError)) return false;
    if (error.reason === 'circuit-open') return false;
    return !(error.reason === 'http' && (error.status === 400 || error.status === 413 || error.status === 422));
  }

  /** The current state; an open circuit whose cool-down has ended reads as `half-open`. */
  get state(): CircuitState {
    if (this.storedState === 'open' && this.coolDownEnded()) return 'half-open';
    return this.storedState;
  }

  /** Consecutive failures counted so far (reset by a success). */
  get failureCount(): number {
    return this.consecutiveFailures;
  }

  /** Milliseconds until the next trial request may go; 0 when a request may go now (or the circuit is closed). */
  get retryAfterMs(): number {
    if (this.storedState !== 'open') return 0;
    return Math.max(0, this.openedAt + this.coolDownMs - this.now());
  }

  /**
   * Whether a request may be sent now. In the half-open state this grants one trial at a time: it returns true once
   * and false until that trial's outcome is recorded. A trial whose outcome is never recorded expires after one
   * cool-down, so a lost report cannot wedge the breaker.
   */
  canRequest(): boolean {
    if (this.storedState === 'closed') return true;
    if (this.storedState === 'open') {
      if (!this.coolDownEnded()) return false;
      this.transition('half-open');
    }
    const trialExpired = this.trialStartedAt !== undefined && this.now() - this.trialStartedAt >= this.coolDownMs;
    if (this.trialStartedAt !== undefined && !trialExpired) return false;
    this.trialStartedAt = this.now();
    return true;
  }

  /** The LLM answered: the circuit closes and the failure count restarts. */
  recordSuccess(): void {
    this.consecutiveFailures = 0;
    this.trialStartedAt = undefined;
    this.transition('closed');
  }

  /** The LLM failed (not the user aborting): a failed trial reopens the circuit, and enough failures in a row open it. */
  recordFailure(): void {
    this.consecutiveFailures += 1;
    // A late failure of a request sent before the circuit opened must not prolong the cool-down.
    if (this.storedState === 'open') return;
    if (this.storedState === 'half-open' || this.consecutiveFailures >= this.failureThreshold) {
      this.openedAt = this.now();
      this.trialStartedAt = undefined;
      this.transition('open');
    }
  }

  /** The request was aborted by its caller: nothing is learnt about the server, but a half-open trial slot is freed. */
  recordCancellation(): void {
    this.trialStartedAt = undefined;
  }

  private coolDownEnded(): boolean {
    return this.now() - this.openedAt >= this.coolDownMs;
  }

  private transition(state: CircuitState): void {
    const previous = this.storedState;
    if (previous === state) return;
    this.storedState = state;
    this.onStateChange?.(state, previous);
  }
}
