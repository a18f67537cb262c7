import { describe, expect, it } from 'vitest';
import { AbortedError, LlmUnavailableError } from '../../src/errors/index.js';
import { CircuitBreaker, type CircuitState } from '../../src/generation/circuit-breaker.js';

function breakerWithClock(failureThreshold = 3, coolDownMs = 1000) {
  const clock = { time: 0 };
  const changes: Array<[CircuitState, CircuitState]> = [];
  const breaker = new CircuitBreaker({
    failureThreshold,
    coolDownMs,
    now: () => clock.time,
    onStateChange: (state, previous) => changes.push([state, previous]),
  });
  return { breaker, clock, changes };
}

function openBreaker() {
  const setup = breakerWithClock();
  for (let failure = 0; failure < 3; failure += 1) setup.breaker.recordFailure();
  return setup;
}

describe('CircuitBreaker', () => {
  it('starts closed and lets requests through', () => {
    const { breaker } = breakerWithClock();
    expect(breaker.state).toBe('closed');
    expect(breaker.canRequest()).toBe(true);
    expect(breaker.retryAfterMs).toBe(0);
  });

  it('opens after the threshold of consecutive failures; a success resets the count', () => {
    const { breaker, changes } = breakerWithClock();
    breaker.recordFailure();
    breaker.recordFailure();
    breaker.recordSuccess();
    breaker.recordFailure();
    breaker.recordFailure();
    expect(breaker.state).toBe('closed');
    breaker.recordFailure();
    expect(breaker.state).toBe('open');
    expect(breaker.canRequest()).toBe(false);
    expect(changes).toEqual([['open', 'closed']]);
  });

  it('refuses until the cool-down ends, then allows exactly one trial', () => {
    const { breaker, clock } = openBreaker();
    clock.time = 999;
    expect(breaker.retryAfterMs).toBe(1);
    expect(breaker.canRequest()).toBe(false);
    clock.time = 1000;
    expect(breaker.state).toBe('half-open');
    expect(breaker.canRequest()).toBe(true);
    expect(breaker.canRequest()).toBe(false);
  });

  it('closes when the trial succeeds', () => {
    const { breaker, clock, changes } = openBreaker();
    clock.time = 1000;
    breaker.canRequest();
    breaker.recordSuccess();
    expect(breaker.state).toBe('closed');
    expect(breaker.failureCount).toBe(0);
    expect(breaker.canRequest()).toBe(true);
    expect(changes).toEqual([
      ['open', 'closed'],
      ['half-open', 'open'],
      ['closed', 'half-open'],
    ]);
  });

  it('reopens for a fresh cool-down when the trial fails', () => {
    const { breaker, clock } = openBreaker();
    clock.time = 1000;
    breaker.canRequest();
    breaker.recordFailure();
    expect(breaker.state).toBe('open');
    clock.time = 1999;
    expect(breaker.canRequest()).toBe(false);
    clock.time = 2000;
    expect(breaker.canRequest()).toBe(true);
  });

  it('frees the trial slot when the trial is cancelled, without closing', () => {
    const { breaker, clock } = openBreaker();
    clock.time = 1000;
    expect(breaker.canRequest()).toBe(true);
    breaker.recordCancellation();
    expect(breaker.state).toBe('half-open');
    expect(breaker.canRequest()).toBe(true);
  });

  it('lets a new trial through when the outcome of the last one was never recorded', () => {
    const { breaker, clock } = openBreaker();
    clock.time = 1000;
    expect(breaker.canRequest()).toBe(true);
    clock.time = 1999;
    expect(breaker.canRequest()).toBe(false);
    clock.time = 2000;
    expect(breaker.canRequest()).toBe(true);
  });

  it('does not prolong the cool-down for late failures of requests sent before it opened', () => {
    const { breaker, clock } = openBreaker();
    clock.time = 500;
    breaker.recordFailure();
    clock.time = 1000;
    expect(breaker.canRequest()).toBe(true);
  });

  it('counts only failures of the LLM server', () => {
    expect(CircuitBreaker.countsAsFailure(new LlmUnavailableError('timeout', 'slow'))).toBe(true);
    expect(CircuitBreaker.countsAsFailure(new LlmUnavailableError('connection', 'refused'))).toBe(true);
    expect(CircuitBreaker.countsAsFailure(new LlmUnavailableError('http', 'down', { status: 503 }))).toBe(true);
    expect(CircuitBreaker.countsAsFailure(new LlmUnavailableError('http', 'bad key', { status: 401 }))).toBe(true);
    expect(CircuitBreaker.countsAsFailure(new LlmUnavailableError('http', 'prompt too long', { status: 400 }))).toBe(false);
    expect(CircuitBreaker.countsAsFailure(new LlmUnavailableError('circuit-open', 'open'))).toBe(false);
    expect(CircuitBreaker.countsAsFailure(new AbortedError('user cancelled'))).toBe(false);
    expect(CircuitBreaker.countsAsFailure(new Error('bug'))).toBe(false);
  });

  it('rejects nonsensical settings', () => {
    expect(() => new CircuitBreaker({ failureThreshold: 0 })).toThrow(RangeError);
    expect(() => new CircuitBreaker({ coolDownMs: -1 })).toThrow(RangeError);
  });
});
