/** timeAlternately (lib/train/parallel/trial.ts): the order of steps and the speeds, on a fake clock. */
import { describe, expect, it } from 'vitest';
import type { StepRun } from '@/lib/train/backends';
import { timeAlternately } from '@/lib/train/parallel/trial';

describe('timeAlternately', () => {
  /** A run whose steps take the given milliseconds on the fake clock (the last one repeats), logging its name. */
  function fakeRun(name: string, clock: { t: number; log: string[] }, stepMs: number[], batchSize = 64): StepRun {
    let i = 0;
    return {
      batchSize,
      async step() {
        clock.log.push(name);
        clock.t += stepMs[Math.min(i++, stepMs.length - 1)]!;
      },
      dispose() {},
    };
  }

  it('warms both, then times them in rounds whose order turns, from the median step', async () => {
    const clock = { t: 0, log: [] as string[] };
    // One: three slow warm-up steps (not timed), then 10 ms a step: 64 / 0.010 s = 6,400/s.
    const one = fakeRun('one', clock, [200, 200, 200, 10]);
    // Many: 8 ms a step but one step of 100 ms (another process took the core): the median is 8 ms, 8,000/s.
    const many = fakeRun('many', clock, [50, 50, 50, 8, 8, 100, 8, 8, 8]);
    const trial = await timeAlternately(one, many, { now: () => clock.t });
    expect(trial).toEqual({ ok: true, one: 6400, many: 8000 });
    expect(clock.log.join(' ')).toBe([
      'one one one many many many',
      'one one many many', 'many many one one', 'one one many many',
    ].join(' '));
  });

  it('starts no round after the budget (one round at least), and reports a step that throws', async () => {
    const clock = { t: 0, log: [] as string[] };
    const trial = await timeAlternately(fakeRun('one', clock, [10]), fakeRun('many', clock, [20]), { now: () => clock.t, warmupSteps: 0, budgetMs: 30 });
    // Round 1 took 2·10 + 2·20 = 60 ms ≥ 30: no second round.
    expect(clock.log).toEqual(['one', 'one', 'many', 'many']);
    expect(trial).toEqual({ ok: true, one: 6400, many: 3200 });
    const failing: StepRun = { batchSize: 64, step: () => Promise.reject(new Error('Kernel failed\nat somewhere')), dispose() {} };
    expect(await timeAlternately(fakeRun('one', clock, [10]), failing, { now: () => clock.t })).toEqual({ ok: false, message: 'Kernel failed' });
  });

  it('with warmupMs, warms each run until that much time has passed on it (at least warmupSteps)', async () => {
    const clock = { t: 0, log: [] as string[] };
    // 10 ms steps: one warms for 1 step then until 35 ms have passed: 4 steps (10, 20, 30, 40); many the same.
    const trial = await timeAlternately(fakeRun('one', clock, [10]), fakeRun('many', clock, [10]), { now: () => clock.t, warmupSteps: 1, warmupMs: 35, rounds: 1, stepsPerRound: 1 });
    expect(clock.log.join(' ')).toBe('one one one one many many many many one many');
    expect(trial).toEqual({ ok: true, one: 6400, many: 6400 });
  });
});

