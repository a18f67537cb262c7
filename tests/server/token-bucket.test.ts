import { describe, expect, it } from 'vitest';
import { TokenBucket } from '../../src/server/index.js';

describe('TokenBucket', () => {
  it('allows a burst, then refills at the rate', () => {
    let now = 0;
    const bucket = new TokenBucket(5, 3, () => now);
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
    expect(bucket.retryAfterMs).toBe(200);
    now += 200;
    expect([bucket.take(), bucket.take()]).toEqual([true, false]);
    now += 10_000;
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
  });

  it('names a bad setting', () => {
    expect(() => new TokenBucket(0, 3)).toThrow(/ratePerSecond must be positive, got 0/u);
  });
});
