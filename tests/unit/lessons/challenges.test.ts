import { describe, expect, it } from 'vitest';
import { bestResult, CHALLENGES, keepBest, scoreRun } from '@/lib/lessons/challenges';
import { run } from '../runs/helpers';

const twentyK = CHALLENGES.find((c) => c.id === 'mnist-20k')!;

describe('challenges', () => {
  it('scores a run that meets the goal: 1000·acc + 1000·(1 − params/budget)', () => {
    // 1000·0.985 = 985; 1000·(1 − 15,000/20,000) = 250 → 1,235.
    expect(scoreRun(twentyK, run({ testAccuracy: 0.985, params: 15_000 }))).toEqual({ met: true, score: 1235, accuracy: 0.985, params: 15_000, runId: 'r1' });
  });
  it('is not met at 19,999 params and 97.9%, nor at 20,000 params and 99%', () => {
    expect(scoreRun(twentyK, run({ testAccuracy: 0.979, params: 19_999 }))!.met).toBe(false);
    expect(scoreRun(twentyK, run({ testAccuracy: 0.99, params: 20_000 }))!.score).toBe(0);
  });
  it('ignores runs on other data or never tested', () => {
    expect(scoreRun(twentyK, run({ dataset: 'synthetic', testAccuracy: 0.99, params: 10 }))).toBeUndefined();
    expect(scoreRun(twentyK, run({ params: 10 }))).toBeUndefined();
  });
  it('takes the best of several runs and keeps the best score', () => {
    const best = bestResult(twentyK, [run({ id: 'x', testAccuracy: 0.97, params: 100 }), run({ id: 'y', testAccuracy: 0.98, params: 10_000 })]);
    expect(best!.runId).toBe('y');
    expect(best!.score).toBe(1480);
    expect(keepBest({ 'mnist-20k': 1500 }, 'mnist-20k', best)).toEqual({ 'mnist-20k': 1500 });
    expect(keepBest({}, 'mnist-20k', best)).toEqual({ 'mnist-20k': 1480 });
  });
});
