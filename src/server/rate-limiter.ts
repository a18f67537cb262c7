/** Whether a request may go ahead, and when to try again if not. */
export interface RateDecision {
  allowed: boolean;
  retryAfterMs: number;
}

/**
 * A sliding-window limit per key (an IP address, a connection): at most `limit` events in any
 * `windowMs`. Keys with no recent events are forgotten, so memory follows the active clients.
 */
export class RateLimiter {
  private readonly limit: number;
  private readonly windowMs: number;
  private readonly now: () => number;
  private readonly events = new Map<string, number[]>();
  private prunedAt = 0;

  constructor(limit: number, windowMs: number, now: () => number = Date.now) {
    this.limit = limit;
    this.windowMs = windowMs;
    this.now = now;
  }

  /** Counts one event for the key if the limit allows it. */
  take(key: string): RateDecision {
    const now = this.now();
    const recent = (this.events.get(key) ?? []).filter((time) => time > now - this.windowMs);
    if (recent.length >= this.limit) {
      this.events.set(key, recent);
      return { allowed: false, retryAfterMs: Math.max(1, (recent[0] ?? now) + this.windowMs - now) };
    }
    recent.push(now);
    this.events.set(key, recent);
    // At most once a window, so that many addresses do not make every call scan them all.
    if (this.events.size > 10_000 && now - this.prunedAt >= this.windowMs) this.prune(now);
    return { allowed: true, retryAfterMs: 0 };
  }

  private prune(now: number): void {
    this.prunedAt = now;
    for (const [key, times] of this.events) {
      if ((times.at(-1) ?? 0) <= now - this.windowMs) this.events.delete(key);
    }
  }
}
