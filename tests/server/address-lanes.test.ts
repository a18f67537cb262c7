import { describe, expect, it } from 'vitest';
import { AddressLanes } from '../../src/server/index.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('AddressLanes', () => {
  it("runs one address's tasks one at a time, in order, and other addresses' beside them", async () => {
    const lanes = new AddressLanes();
    const events: string[] = [];
    const task = (name: string) => async () => {
      events.push(`${name} start`);
      await tick();
      events.push(`${name} end`);
    };
    await Promise.all([lanes.run('a', task('a1')), lanes.run('a', task('a2')), lanes.run('b', task('b1'))]);
    expect(events.indexOf('a1 end')).toBeLessThan(events.indexOf('a2 start'));
    expect(events.indexOf('b1 start')).toBeLessThan(events.indexOf('a1 end'));
    expect(lanes.busy).toBe(0);
  });

  it('rejects a waiting task at once when it is aborted, without holding up the lane', async () => {
    const lanes = new AddressLanes();
    let release: (() => void) | undefined;
    const first = lanes.run('a', () => new Promise<void>((resolve) => (release = resolve)));
    const controller = new AbortController();
    const aborted = lanes.run('a', async () => 'never', controller.signal);
    controller.abort(new Error('gone'));
    await expect(aborted).rejects.toThrow(/gone/u);
    const third = lanes.run('a', async () => 'third');
    while (release === undefined) await tick();
    release();
    await first;
    expect(await third).toBe('third');
  });

  it("holds the lane only until an answer's first part", async () => {
    const lanes = new AddressLanes();
    let finishSecondPart!: () => void;
    async function* answer() {
      yield 'sources';
      await new Promise<void>((resolve) => (finishSecondPart = resolve));
      yield 'token';
    }
    const parts: string[] = [];
    const reading = (async () => {
      for await (const part of lanes.firstPartInLane('a', answer())) parts.push(part);
    })();
    while (parts.length === 0) await tick();
    // The answer still streams, yet the address's next task runs.
    expect(await lanes.run('a', async () => 'next')).toBe('next');
    finishSecondPart();
    await reading;
    expect(parts).toEqual(['sources', 'token']);
  });
});
