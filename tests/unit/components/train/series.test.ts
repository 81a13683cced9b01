/** thinPoints (components/train/series.ts): what is kept of a long series, worked out by hand. */
import { describe, expect, it } from 'vitest';
import { thinPoints } from '@/components/train/series';

describe('thinPoints', () => {
  it('returns a short series as it is', () => {
    const pts: [number, number][] = [[0, 1], [1, 3], [2, 2]];
    expect(thinPoints(pts, 2)).toEqual(pts);
  });

  it('keeps each bucket’s lowest and highest point in order, and the ends', () => {
    // 8 points, 2 buckets of 4: [5, 1, 9, 4] keeps 1 (i=1) then 9 (i=2); [3, 8, 0, 6] keeps 8 (i=5) then 0 (i=6).
    const ys = [5, 1, 9, 4, 3, 8, 0, 6];
    const pts = ys.map((y, i) => [i, y] as [number, number]);
    expect(thinPoints(pts, 2)).toEqual([[0, 5], [1, 1], [2, 9], [5, 8], [6, 0], [7, 6]]);
  });

  it('keeps a one-batch spike among thousands of points, with at most 2 per bucket plus the ends', () => {
    const pts = Array.from({ length: 4690 }, (_, i) => [i / 938, i === 2000 ? 9 : 1] as [number, number]);
    const out = thinPoints(pts, 400);
    expect(out.length).toBeLessThanOrEqual(802);
    expect(out).toContainEqual([2000 / 938, 9]);
    expect(out[0]).toEqual([0, 1]);
    expect(out[out.length - 1]).toEqual([4689 / 938, 1]);
  });
});
