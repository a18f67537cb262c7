/**
 * Whether a question's candidates can wait for the cross-encoder: the model worker serves one
 * request at a time, so under load a question would queue behind others. When what the question has
 * waited already plus the work queued ahead of it would pass the budget, the question is reranked
 * lexically instead (and says so): a backlog drains instead of growing. Counts both, for `/healthz`.
 */
export class RerankBudget {
  private admitted = 0;
  private degraded = 0;

  /**
   * @param waitMs the model work queued ahead of a new request (ModelWorkerClient.estimatedWaitMs)
   * @param budgetMs the longest a question may wait for the model (`RERANK_WAIT_BUDGET_MS`)
   */
  constructor(
    private readonly waitMs: () => number,
    private readonly budgetMs: number,
  ) {}

  /**
   * True when the cross-encoder may rerank this question now; false to rerank it lexically.
   * @param waitedMs how long the question has waited already (for its turn, for its embedding)
   */
  admit(waitedMs = 0): boolean {
    const admitted = waitedMs + this.waitMs() <= this.budgetMs;
    if (admitted) this.admitted += 1;
    else this.degraded += 1;
    return admitted;
  }

  /** Questions reranked by the model, and degraded to lexical reranking, since start. */
  get counts(): { admitted: number; degraded: number; budgetMs: number } {
    return { admitted: this.admitted, degraded: this.degraded, budgetMs: this.budgetMs };
  }
}
