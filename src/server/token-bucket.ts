/**
 * A token bucket: up to `burst` events at once, refilled at `ratePerSecond`. Each websocket connection
 * has one for all its frames, so a client that sends faster than any page would is refused cheaply,
 * before its frames are parsed.
 */
export class TokenBucket {
  private readonly ratePerMillisecond: number;
  private readonly burst: number;
  private readonly now: () => number;
  private tokens: number;
  private updatedAt: number;

  constructor(ratePerSecond: number, burst: number, now: () => number = () => performance.now()) {
    if (!(ratePerSecond > 0)) throw new RangeError(`ratePerSecond must be positive, got ${ratePerSecond}`);
    if (!(burst >= 1)) throw new RangeError(`burst must be at least 1, got ${burst}`);
    this.ratePerMillisecond = ratePerSecond / 1000;
    this.burst = burst;
    this.now = now;
    this.tokens = burst;
    this.updatedAt = now();
  }

  /** Takes one token if there is one. */
  take(): boolean {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + (now - this.updatedAt) * this.ratePerMillisecond);
    this.updatedAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Milliseconds until the next token. */
  get retryAfterMs(): number {
    return Math.max(0, Math.ceil((1 - this.tokens) / this.ratePerMillisecond));
  }
}
