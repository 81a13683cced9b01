/**
 * throttleProgress: at most one report per interval, the latest held back is delivered when the
 * interval ends (the case that left the MNIST bar at 0 MB: a fast burst, then a stalled file), and
 * a final report goes at once and cancels a held one. Driven by a hand-set clock and fake timers.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { throttleProgress } from '@/lib/train/datasets/progress-throttle';

describe('throttleProgress', () => {
  let clock = 0;
  beforeEach(() => { vi.useFakeTimers(); clock = 0; });
  afterEach(() => { vi.useRealTimers(); });
  const advance = (ms: number) => { clock += ms; vi.advanceTimersByTime(ms); };

  it('delivers the first report, holds the ones within 100 ms, then delivers the latest of them', () => {
    const seen: number[] = [];
    const report = throttleProgress<number>((p) => seen.push(p), 100, () => clock);
    report(0, false);
    advance(10); report(4_000_000, false);
    advance(10); report(9_800_000, false); // the burst ends here; the next file stalls
    expect(seen).toEqual([0]);
    advance(79);
    expect(seen).toEqual([0]);
    advance(1); // 100 ms after the first report
    expect(seen).toEqual([0, 9_800_000]);
    advance(1000);
    expect(seen).toEqual([0, 9_800_000]); // nothing delivered twice
  });

  it('sends a final report at once and drops the one it supersedes', () => {
    const seen: string[] = [];
    const report = throttleProgress<string>((p) => seen.push(p), 100, () => clock);
    report('a', false);
    advance(20); report('b', false);
    advance(20); report('done', true);
    advance(500);
    expect(seen).toEqual(['a', 'done']);
  });

  it('lets reports through unthrottled when they come further apart than the interval', () => {
    const seen: number[] = [];
    const report = throttleProgress<number>((p) => seen.push(p), 100, () => clock);
    for (let i = 0; i < 4; i++) { report(i, false); advance(150); }
    expect(seen).toEqual([0, 1, 2, 3]);
  });
});
