import { describe, expect, it } from 'vitest';
import { addRun, readRunLog, settingsSideBySide, stepsToReach, tailMean, thinSeries } from '@/lib/runs/runs';
import { DEFAULT_TRAIN_SETTINGS } from '@/lib/train/settings';
import { run } from './helpers';

describe('thinSeries', () => {
  it('keeps every point of a short series, steps from 1', () => {
    expect(thinSeries([3, 2, 1], [0.1, 0.5, 0.9])).toEqual([
      { step: 1, loss: 3, accuracy: 0.1 }, { step: 2, loss: 2, accuracy: 0.5 }, { step: 3, loss: 1, accuracy: 0.9 },
    ]);
  });
  it('thins 1,000 steps to 5 evenly, first and last kept', () => {
    const loss = Array.from({ length: 1000 }, (_, i) => i);
    const pts = thinSeries(loss, loss, 5);
    // round(k·999/4) for k = 0..4: 0, 250, 500, 749, 999 (0-based) → steps 1, 251, 501, 750, 1000.
    expect(pts.map((p) => p.step)).toEqual([1, 251, 501, 750, 1000]);
    expect(pts[4]!.loss).toBe(999);
  });
  it('is empty for no steps', () => expect(thinSeries([], [])).toEqual([]));
});

describe('tailMean, stepsToReach', () => {
  it('averages the last tenth', () => {
    expect(tailMean(Array.from({ length: 20 }, (_, i) => i))).toBe(18.5); // last 2: 18, 19
    expect(tailMean([])).toBeUndefined();
  });
  it('finds the first step whose windowed mean reaches the target', () => {
    const pts = [0.1, 0.2, 0.9, 0.9, 0.9].map((accuracy, i) => ({ step: (i + 1) * 10, loss: 0, accuracy }));
    // Window 2: means 0.15, 0.55, 0.9 at the 4th point (step 40)… the 3rd point's mean is (0.2+0.9)/2 = 0.55.
    expect(stepsToReach(pts, 0.9, 2)).toBe(40);
    expect(stepsToReach(pts, 0.95, 2)).toBeUndefined();
  });
});

describe('the log', () => {
  it('adds, replaces by id, keeps the newest', () => {
    let log = addRun([], run({ id: 'a' }));
    log = addRun(log, run({ id: 'b' }));
    log = addRun(log, run({ id: 'a', params: 5 }));
    expect(log.map((r) => [r.id, r.params])).toEqual([['b', 61_706], ['a', 5]]);
    expect(addRun(log, run({ id: 'c' }), 2).map((r) => r.id)).toEqual(['a', 'c']);
  });
  it('drops damaged entries when read', () => {
    expect(readRunLog([run(), { id: 3 }, null, 'x'])).toHaveLength(1);
    expect(readRunLog({})).toEqual([]);
  });
  it('marks the settings the runs differ in', () => {
    const rows = settingsSideBySide([run(), run({ id: 'r2', params: 7, settings: { ...DEFAULT_TRAIN_SETTINGS, optimizer: 'sgd' } })]);
    const differs = rows.filter((r) => r.differs).map((r) => r.field);
    expect(differs).toEqual(['params', 'optimizer']);
    expect(rows.find((r) => r.field === 'optimizer')!.values).toEqual(['adam', 'sgd']);
  });
});
