/** Per unit of work (a text embedded, a pair scored), before any has been timed. */
const initialUnitCostMs: Record<string, number> = { embed: 5, 'score-pairs': 20 };
/** Weight of the newest observation in the running cost per unit. */
const smoothing = 0.3;

interface QueuedWork {
  type: string;
  units: number;
  sentAt: number;
}

/**
 * How long new work would wait behind what the model worker already has: the worker serves one
 * request at a time, so the wait is the sum of the queued requests' costs, each its units (texts,
 * pairs) times the running cost per unit of its kind. A request's own cost is observed as the time
 * from when the worker could start it (sent, and the previous one done) to its answer.
 */
export class QueueEstimate {
  private readonly queued = new Map<number, QueuedWork>();
  private readonly unitCostMs = new Map<string, number>(Object.entries(initialUnitCostMs));
  private lastCompletion = 0;

  enqueue(id: number, type: string, units: number, now: number): void {
    if (units > 0) this.queued.set(id, { type, units, sentAt: now });
  }

  /** The request was answered: its cost updates its kind's running cost per unit. */
  complete(id: number, now: number): void {
    const work = this.queued.get(id);
    this.queued.delete(id);
    const previousCompletion = this.lastCompletion;
    // Any answer (a load, a call nobody waits for any more) frees the worker: the next one's cost starts here.
    this.lastCompletion = now;
    if (!work) return;
    const serviceMs = Math.max(0, now - Math.max(work.sentAt, previousCompletion));
    const previous = this.unitCostMs.get(work.type) ?? serviceMs / work.units;
    this.unitCostMs.set(work.type, previous + smoothing * (serviceMs / work.units - previous));
  }

  /** The request will not be answered (aborted, or the worker failed). */
  drop(id: number): void {
    this.queued.delete(id);
  }

  /** Milliseconds of work queued ahead of a new request. */
  waitMs(): number {
    let total = 0;
    for (const work of this.queued.values()) total += work.units * (this.unitCostMs.get(work.type) ?? 0);
    return total;
  }
}
