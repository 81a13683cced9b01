/**
 * Sequence alignment (Needleman–Wunsch with costs): lines two lists up so that similar items sit
 * side by side and the rest show as added or removed. Small enough to write here (a few dozen
 * lines); the diff libraries on npm align text lines by equality, not by a graded cost.
 */

/** One row of an alignment: an item of `a`, of `b`, or of both (indices into the lists). */
export type AlignedPair =
  | { readonly kind: 'both'; readonly a: number; readonly b: number }
  | { readonly kind: 'onlyA'; readonly a: number }
  | { readonly kind: 'onlyB'; readonly b: number };

/**
 * The cheapest alignment of `a` with `b`: `matchCost(x, y)` is the cost of showing x beside y
 * (Infinity: never), `gapCost` the cost of an item without a partner. Ties prefer a match, then
 * keeping `a`'s item first, so the result is deterministic.
 */
export function alignSequences<A, B>(
  a: readonly A[], b: readonly B[],
  matchCost: (x: A, y: B) => number, gapCost: number,
): AlignedPair[] {
  const n = a.length;
  const m = b.length;
  // cost[i][j]: cheapest alignment of a[i..] with b[j..] (suffixes, so the walk goes forwards).
  const cost: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n; i >= 0; i--) {
    for (let j = m; j >= 0; j--) {
      if (i === n && j === m) continue;
      let best = Infinity;
      if (i < n && j < m) best = Math.min(best, matchCost(a[i]!, b[j]!) + cost[i + 1]![j + 1]!);
      if (i < n) best = Math.min(best, gapCost + cost[i + 1]![j]!);
      if (j < m) best = Math.min(best, gapCost + cost[i]![j + 1]!);
      cost[i]![j] = best;
    }
  }
  const out: AlignedPair[] = [];
  let i = 0;
  let j = 0;
  const EPS = 1e-9;
  while (i < n || j < m) {
    const here = cost[i]![j]!;
    if (i < n && j < m && Math.abs(matchCost(a[i]!, b[j]!) + cost[i + 1]![j + 1]! - here) < EPS) {
      out.push({ kind: 'both', a: i++, b: j++ });
    } else if (i < n && Math.abs(gapCost + cost[i + 1]![j]! - here) < EPS) {
      out.push({ kind: 'onlyA', a: i++ });
    } else {
      out.push({ kind: 'onlyB', b: j++ });
    }
  }
  return out;
}
