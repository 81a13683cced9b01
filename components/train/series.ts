/**
 * Thinning a long per-batch series before it is drawn. A run of 5 epochs of LeNet-5 on MNIST has
 * 4,690 batches; a chart 400 px wide cannot show more than a few points per pixel, and building an
 * SVG path of every point on each redraw costs the page's main thread for nothing.
 */

/**
 * At most about `2 × buckets` points of `points` (sorted by x), keeping what a reader sees: the
 * points are cut into `buckets` runs of equal length, and each run keeps its lowest and its highest
 * point, in their order, so spikes survive. The first and last points are always kept. A series of
 * at most `2 × buckets` points is returned as it is.
 */
export function thinPoints(points: readonly (readonly [number, number])[], buckets: number): [number, number][] {
  const n = points.length;
  const b = Math.max(1, Math.floor(buckets));
  if (n <= 2 * b) return points.map(([x, y]) => [x, y]);
  const out: [number, number][] = [];
  const push = (i: number) => {
    const p = points[i]!;
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push([p[0], p[1]]);
  };
  push(0);
  for (let k = 0; k < b; k++) {
    const from = Math.floor((k * n) / b);
    const to = Math.floor(((k + 1) * n) / b);
    let lo = from;
    let hi = from;
    for (let i = from + 1; i < to; i++) {
      if (points[i]![1] < points[lo]![1]) lo = i;
      if (points[i]![1] > points[hi]![1]) hi = i;
    }
    if (lo === hi) push(lo);
    else if (lo < hi) { push(lo); push(hi); } else { push(hi); push(lo); }
  }
  push(n - 1);
  return out;
}
