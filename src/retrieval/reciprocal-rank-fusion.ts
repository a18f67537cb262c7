/** RRF's damping constant from Cormack et al. (2009): ranks matter, but a top rank cannot dominate alone. */
export const RECIPROCAL_RANK_CONSTANT = 60;

/**
 * Fuses ranked lists of ids into one score per id: the sum of 1 / (k + rank) over the lists that rank it.
 * Scores from different retrievers are not comparable; ranks are.
 */
export function reciprocalRankFusion(rankings: readonly (readonly number[])[], constant = RECIPROCAL_RANK_CONSTANT): Map<number, number> {
  const fused = new Map<number, number>();
  for (const ranking of rankings) {
    ranking.forEach((id, index) => {
      fused.set(id, (fused.get(id) ?? 0) + 1 / (constant + index + 1));
    });
  }
  return fused;
}
