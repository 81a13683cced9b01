import { describe, expect, it } from 'vitest';
import { balancedSizes, nextExtraRows, dataParallelWorkers, MIN_MEASURED_BATCH, PARALLEL_MARGIN, pickWorkers, workersToMeasure, layoutDifference, layoutSize, MAX_WORKERS, shardLossWeight, shardOffsets, shardSizes, weightedAverage, parseWorkers } from '@/lib/train/parallel/shards';

describe('shardSizes', () => {
  it('cuts a batch as evenly as can be, the larger shards first', () => {
    expect(shardSizes(64, 2)).toEqual([32, 32]);
    expect(shardSizes(65, 2)).toEqual([33, 32]);
    expect(shardSizes(10, 4)).toEqual([3, 3, 2, 2]);
    expect(shardSizes(64, 1)).toEqual([64]);
  });

  it('gives no shard fewer rows than the minimum: a small batch has fewer shards, or one', () => {
    expect(shardSizes(20, 4, 8)).toEqual([10, 10]);
    expect(shardSizes(15, 2, 8)).toEqual([15]);
    expect(shardSizes(16, 2, 8)).toEqual([8, 8]);
    expect(shardSizes(3, 2, 8)).toEqual([3]);
  });

  it('has nothing to cut in an empty batch', () => {
    expect(shardSizes(0, 2)).toEqual([]);
  });

  it('starts each shard after the ones before it', () => {
    expect(shardOffsets([33, 32])).toEqual([0, 33]);
    expect(shardOffsets([3, 3, 2, 2])).toEqual([0, 3, 6, 8]);
  });
});

describe('shardLossWeight', () => {
  // Three one-hot rows of 3 classes: classes 0, 2, 2.
  const labels = [1, 0, 0, 0, 0, 1, 0, 0, 1];
  it('is the row count for a mean loss', () => {
    expect(shardLossWeight(labels, 3)).toBe(3);
  });
  it("is the sum of the rows' class weights for class-weighted cross-entropy", () => {
    expect(shardLossWeight(labels, 3, [0.5, 4, 2])).toBe(0.5 + 2 + 2);
  });
});

describe('weightedAverage', () => {
  it('weighs each part by its share of the total', () => {
    // (1·[1, 2] + 3·[3, 6]) / 4 = [2.5, 5]
    const avg = weightedAverage([{ values: Float32Array.of(1, 2), weight: 1 }, { values: Float32Array.of(3, 6), weight: 3 }]);
    expect([...avg]).toEqual([2.5, 5]);
  });

  it('returns a copy of a single part', () => {
    const values = Float32Array.of(1, 2);
    const avg = weightedAverage([{ values, weight: 5 }]);
    expect([...avg]).toEqual([1, 2]);
    expect(avg).not.toBe(values);
  });

  it('refuses parts of different lengths (replicas of different models) and parts that weigh nothing', () => {
    expect(() => weightedAverage([{ values: new Float32Array(2), weight: 1 }, { values: new Float32Array(3), weight: 1 }])).toThrow(/not the same model/);
    expect(() => weightedAverage([{ values: new Float32Array(2), weight: 0 }])).toThrow(/weigh nothing/);
  });
});

describe('layouts', () => {
  const a = [{ name: 'conv/kernel', shape: [3, 3, 1, 4] }, { name: 'conv/bias', shape: [4] }];
  it('counts the floats of a layout', () => {
    expect(layoutSize(a)).toBe(36 + 4);
  });
  it('says where two layouts first differ', () => {
    expect(layoutDifference(a, a)).toBeUndefined();
    expect(layoutDifference(a, [a[0]!])).toBe('2 weights vs 1');
    expect(layoutDifference(a, [a[0]!, { name: 'conv/bias', shape: [8] }])).toBe('weight 2 is conv/bias [4] vs conv/bias [8]');
  });
});

describe('dataParallelWorkers', () => {
  const wasm = { backend: 'wasm', wasmThreads: 1, batchSize: 64, minShard: 8, requested: 'cores' as const };
  it('is one worker per core on one-thread WASM when asked, at most MAX_WORKERS', () => {
    expect(dataParallelWorkers({ ...wasm, cores: 2 })).toBe(2);
    expect(dataParallelWorkers({ ...wasm, cores: 16 })).toBe(MAX_WORKERS);
    expect(dataParallelWorkers({ ...wasm, cores: 1 })).toBe(1);
    expect(dataParallelWorkers({ ...wasm, cores: 16, requested: 3 })).toBe(3);
  });
  it('is one per core when nothing is asked (what workersToMeasure measures)', () => {
    expect(dataParallelWorkers({ backend: 'wasm', wasmThreads: 1, batchSize: 64, minShard: 8, cores: 2 })).toBe(2);
  });
  it('is one where the batch gives no two shards of the minimum', () => {
    expect(dataParallelWorkers({ ...wasm, cores: 4, batchSize: 24 })).toBe(3);
    expect(dataParallelWorkers({ ...wasm, cores: 2, batchSize: 15 })).toBe(1);
  });
  it('is one on WebGL, the CPU backend and threaded WASM', () => {
    expect(dataParallelWorkers({ ...wasm, cores: 2, backend: 'webgl' })).toBe(1);
    expect(dataParallelWorkers({ ...wasm, cores: 2, backend: 'cpu' })).toBe(1);
    expect(dataParallelWorkers({ ...wasm, cores: 2, wasmThreads: 2 })).toBe(1);
  });
});

describe('balancedSizes', () => {
  it('is the even cut with no extra rows', () => {
    expect(balancedSizes(64, 2, 8, 0)).toEqual([32, 32]);
    expect(balancedSizes(25, 3, 4, 0.4)).toEqual([9, 8, 8]);
  });
  it('gives the leader its extra rows (rounded) and spreads the rest evenly, largest first', () => {
    expect(balancedSizes(64, 2, 8, 3.4)).toEqual([35, 29]);
    expect(balancedSizes(64, 2, 8, -5)).toEqual([27, 37]);
    // 100 rows in 3: an even share 33.3 + 4 → 37; 63 left → 32 and 31.
    expect(balancedSizes(100, 3, 8, 4)).toEqual([37, 32, 31]);
  });
  it('keeps every shard at the minimum rows', () => {
    expect(balancedSizes(64, 2, 8, 100)).toEqual([56, 8]);
    expect(balancedSizes(64, 2, 8, -100)).toEqual([8, 56]);
    expect(balancedSizes(16, 2, 8, 5)).toEqual([8, 8]);
  });
  it('is one shard when the batch is too small to share, whatever the extra', () => {
    expect(balancedSizes(12, 2, 8, 3)).toEqual([12]);
  });
});

describe('nextExtraRows', () => {
  const base = { leaderRows: 32, leaderOwnMs: 16, workers: 2 };
  it('moves half the rows that close the gap: r = 0.5 ms a row, the leader waited 4 ms → 4 rows close it → 2 moved', () => {
    // k = gap·(n − 1)/(n·r) = 4·1/(2·0.5) = 4; half of it.
    expect(nextExtraRows(0, { ...base, leaderDoneMs: 17, shardsDoneMs: 21 }, 64)).toBe(2);
  });
  it('moves rows to the shards when they finished first', () => {
    // gap −2 ms: k = −2·1/(2·0.5) = −2; half: −1.
    expect(nextExtraRows(2, { ...base, leaderDoneMs: 20, shardsDoneMs: 18 }, 64)).toBe(1);
  });
  it('with 3 workers a row taken from the shards shortens each by half as much: k = gap·2/(3·r)', () => {
    // gap 6 ms, r = 0.5: k = 6·2/(3·0.5) = 8; half: 4.
    expect(nextExtraRows(0, { leaderRows: 20, leaderOwnMs: 10, workers: 3, leaderDoneMs: 12, shardsDoneMs: 18 }, 60)).toBe(4);
  });
  it('stays within ±batch rows, and keeps its value without a time per row', () => {
    expect(nextExtraRows(60, { ...base, leaderDoneMs: 0, shardsDoneMs: 1000 }, 64)).toBe(64);
    expect(nextExtraRows(3, { ...base, leaderOwnMs: 0, leaderDoneMs: 0, shardsDoneMs: 10 }, 64)).toBe(3);
    expect(nextExtraRows(3, { ...base, workers: 1, leaderDoneMs: 0, shardsDoneMs: 10 }, 64)).toBe(3);
  });
});

describe('workersToMeasure', () => {
  const asked = { backend: 'wasm', wasmThreads: 1, minShard: 8, cores: 2 };
  it('measures one worker per core from MIN_MEASURED_BATCH rows, when nothing is asked', () => {
    expect(MIN_MEASURED_BATCH).toBe(64);
    expect(workersToMeasure({ ...asked, batchSize: 64 })).toBe(2);
    expect(workersToMeasure({ ...asked, batchSize: 256, cores: 3 })).toBe(3);
  });
  it('measures nothing below MIN_MEASURED_BATCH, on one core, or off one-thread WASM', () => {
    expect(workersToMeasure({ ...asked, batchSize: 63 })).toBe(1);
    expect(workersToMeasure({ ...asked, batchSize: 128, cores: 1 })).toBe(1);
    expect(workersToMeasure({ ...asked, batchSize: 128, backend: 'webgl' })).toBe(1);
    expect(workersToMeasure({ ...asked, batchSize: 128, wasmThreads: 2 })).toBe(1);
  });
  it('leaves an asked-for count alone', () => {
    expect(workersToMeasure({ ...asked, batchSize: 128, requested: 1 })).toBeUndefined();
    expect(workersToMeasure({ ...asked, batchSize: 128, requested: 'cores' })).toBeUndefined();
  });
});

describe('pickWorkers', () => {
  it('takes the workers from PARALLEL_MARGIN times the one-worker speed', () => {
    expect(PARALLEL_MARGIN).toBe(1.1);
    expect(pickWorkers(2, 1000, 1100)).toBe(2);
    expect(pickWorkers(2, 1000, 1099)).toBe(1);
    expect(pickWorkers(3, 500, 900)).toBe(3);
    expect(pickWorkers(2, 1000, 800)).toBe(1);
  });
  it('is one without a candidate or without both speeds', () => {
    expect(pickWorkers(1, 1000, 5000)).toBe(1);
    expect(pickWorkers(2, undefined, 5000)).toBe(1);
    expect(pickWorkers(2, 1000, undefined)).toBe(1);
    expect(pickWorkers(2, 0, 5000)).toBe(1);
    expect(pickWorkers(2, 1000, Number.NaN)).toBe(1);
  });
});

describe('parseWorkers', () => {
  it("reads 'auto' and 'cores' as one per core, and whole numbers from 1", () => {
    expect(parseWorkers('auto')).toBe('cores');
    expect(parseWorkers('cores')).toBe('cores');
    expect(parseWorkers('2')).toBe(2);
  });
  it('ignores what it does not understand', () => {
    for (const text of [null, undefined, '', '0', '1.5', 'two', '-1']) expect(parseWorkers(text)).toBeUndefined();
  });
});
