import { setImmediate as nextTurn } from 'node:timers/promises';
import { throwIfAborted } from '../errors/index.js';

/**
 * One lane per client address for the CPU-bound part of an ask (reading the message, retrieval,
 * rerank, scope): an address's asks take that part one at a time, in order, while other addresses
 * go on in their own lanes. So an address that fires its whole ask budget at once queues behind
 * itself, not in front of other learners. Each turn starts after one turn of the event loop, so
 * timers and sockets (other learners' frames, `/healthz`) are served between asks.
 */
export class AddressLanes {
  private readonly tails = new Map<string, Promise<void>>();

  /** Waits for the address's turn; call the returned function when the CPU-bound part is over. */
  async enter(address: string, signal?: AbortSignal): Promise<() => void> {
    const previous = this.tails.get(address) ?? Promise.resolve();
    let leave!: () => void;
    const done = new Promise<void>((resolve) => (leave = resolve));
    const tail = previous.then(() => done);
    this.tails.set(address, tail);
    const release = () => {
      leave();
      if (this.tails.get(address) === tail) this.tails.delete(address);
    };
    try {
      // An abort while waiting rejects at once; the lane still moves on in order.
      await (signal ? Promise.race([previous, aborted(signal)]) : previous);
      await nextTurn();
      throwIfAborted(signal);
    } catch (error) {
      release();
      throw error;
    }
    return release;
  }

  /** Runs a task in the address's lane. */
  async run<Result>(address: string, task: () => Promise<Result>, signal?: AbortSignal): Promise<Result> {
    const release = await this.enter(address, signal);
    try {
      return await task();
    } finally {
      release();
    }
  }

  /**
   * The parts of an answer with its first part (the sources: retrieval is done) produced in the
   * address's lane; the rest (tokens from the LLM or the extractive writer) streams outside it.
   */
  async *firstPartInLane<Part>(address: string, parts: AsyncIterable<Part>, signal?: AbortSignal): AsyncGenerator<Part, void, undefined> {
    const iterator = parts[Symbol.asyncIterator]();
    let first: IteratorResult<Part>;
    const release = await this.enter(address, signal);
    try {
      first = await iterator.next();
    } finally {
      release();
    }
    if (first.done) return;
    yield first.value;
    yield* { [Symbol.asyncIterator]: () => iterator };
  }

  /** Addresses with a lane in use (for tests and health). */
  get busy(): number {
    return this.tails.size;
  }
}

/** Rejects when the signal fires (never resolves otherwise). */
function aborted(signal: AbortSignal): Promise<never> {
  return new Promise((_resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}
