import { describe, expect, it } from 'vitest';
import { decideWorkers, describeWorkers, timeAlternately, type WorkersTrial } from '@/lib/cli/workers';
import type { StepRun } from '@/lib/train/backends';
import type { WorkersQuestion } from '@/lib/train/parallel/shards';

const base: WorkersQuestion = { cores: 2, backend: 'wasm', wasmThreads: 1, batchSize: 64, minShard: 8 };

/** A trial that answers `trial` and records the candidates it was asked to time. */
function trialOf(trial: WorkersTrial) {
  const asked: number[] = [];
  return { asked, measure: async (candidate: number) => { asked.push(candidate); return trial; } };
}

async function said(q: WorkersQuestion, trial: WorkersTrial = { ok: true, one: 1000, many: 1500 }) {
  const t = trialOf(trial);
  const d = await decideWorkers(q, t.measure);
  return { workers: d.workers, line: describeWorkers(d, q), measured: t.asked };
}

describe('decideWorkers and describeWorkers', () => {
  it('measures one worker per core against one from batch 64, and takes them at 1.1× or more', async () => {
    // 1,420 / 1,010 = 1.41 ≥ 1.1.
    expect(await said(base, { ok: true, one: 1010, many: 1420 })).toEqual({ workers: 2, line: '2 workers (measured 1,420 vs 1,010 samples/s with one).', measured: [2] });
    // 980 / 1,010 = 0.97.
    expect(await said(base, { ok: true, one: 1010, many: 980 })).toEqual({
      workers: 1, line: '1 worker: 2 workers measured 0.97× one (980 vs 1,010 samples/s with one; 1.1× needed).', measured: [2],
    });
    // 1,100 / 1,000 is exactly the margin: taken. 1,099 is not.
    expect((await said(base, { ok: true, one: 1000, many: 1100 })).workers).toBe(2);
    expect((await said(base, { ok: true, one: 1000, many: 1099 })).workers).toBe(1);
    // Eight cores: four workers at most are measured.
    expect((await said({ ...base, cores: 8 })).measured).toEqual([4]);
    expect((await said(base, { ok: false, message: 'wasm failed: out of memory.' })).line).toBe('1 worker: the trial of 2 workers against one failed (wasm failed: out of memory).');
  });

  it('measures nothing below batch 64, on one core, or off one-thread wasm', async () => {
    expect(await said({ ...base, batchSize: 32 })).toEqual({ workers: 1, line: '1 worker: below batch 64 a second worker gains little, so it was not measured (--workers 2 asks for two).', measured: [] });
    expect(await said({ ...base, cores: 1 })).toEqual({ workers: 1, line: '1 worker: this machine has one core.', measured: [] });
    expect(await said({ ...base, backend: 'cpu' })).toEqual({ workers: 1, line: '1 worker: the cpu backend trains in one thread.', measured: [] });
  });

  it('takes --workers as asked, within the caps, without measuring', async () => {
    expect(await said({ ...base, requested: 2, batchSize: 32 })).toEqual({ workers: 2, line: '2 workers, as asked (--workers 2).', measured: [] });
    expect(await said({ ...base, requested: 1 })).toEqual({ workers: 1, line: '1 worker, as asked (--workers 1).', measured: [] });
    expect(await said({ ...base, requested: 'cores', cores: 3 })).toEqual({ workers: 3, line: '3 workers, one per core, as asked (--workers auto).', measured: [] });
    expect((await said({ ...base, requested: 9 })).line).toBe('4 workers (--workers 9): at most 4, each holds a copy of the model.');
    expect((await said({ ...base, requested: 'cores', cores: 16 })).line).toBe('4 workers (--workers auto): at most 4, each holds a copy of the model.');
    // 20 rows in shards of at least 8: two shards.
    expect((await said({ ...base, requested: 4, batchSize: 20 })).line).toBe('2 workers (--workers 4): a batch of 20 gives shards of at least 8 rows to 2 workers at most.');
    expect((await said({ ...base, requested: 2, backend: 'cpu' })).line).toBe('1 worker: the cpu backend trains in one thread; --workers 2 needs wasm.');
  });
});

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
});
