import { describe, expect, it } from 'vitest';
import { QueueEstimate } from '../../src/inference/queue-estimate.js';

describe('QueueEstimate', () => {
  it('sums the queued work at each kind\'s running cost per unit, learnt from the answers', () => {
    const queue = new QueueEstimate();
    expect(queue.waitMs()).toBe(0);
    // Before any is timed: the initial costs (20 ms a pair, 5 ms a text).
    queue.enqueue(1, 'score-pairs', 12, 0);
    queue.enqueue(2, 'embed', 1, 0);
    expect(queue.waitMs()).toBe(12 * 20 + 5);
    // The 12 pairs took 1,200 ms: 100 ms a pair, smoothed into the running cost.
    queue.complete(1, 1200);
    expect(queue.waitMs()).toBe(5);
    queue.enqueue(3, 'score-pairs', 10, 1200);
    expect(queue.waitMs()).toBeCloseTo(5 + 10 * (20 + 0.3 * (100 - 20)), 6);
    // The embed waited behind the pairs: its cost counts from when the worker could start it.
    queue.complete(2, 1210);
    queue.drop(3);
    expect(queue.waitMs()).toBe(0);
  });

  it('ignores work of no units (loads) and answers to unknown requests', () => {
    const queue = new QueueEstimate();
    queue.enqueue(1, 'load', 0, 0);
    queue.complete(1, 5000);
    queue.complete(99, 6000);
    expect(queue.waitMs()).toBe(0);
  });
});
