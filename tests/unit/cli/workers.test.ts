import { describe, expect, it } from 'vitest';
import { decideWorkers, describeWorkers } from '@/lib/cli/workers';
import type { WorkersTrial } from '@/lib/train/parallel/trial';
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

