/**
 * The speed probe (lib/train/probe.ts) times the training loop's own steps of a real graph on the
 * active backend, with a clock we control, and frees everything it made.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { probeTrainingSpeed } from '@/lib/train/probe';
import { TrainError } from '@/lib/train/errors';
import { inProcessLink } from '@/lib/train/parallel/link';
import type { FromShard, ShardLink, ToShard } from '@/lib/train/parallel/protocol';
import { getPreset } from '@/presets';
import { switchBackend, tf } from '../tf-setup';

beforeAll(async () => {
  await switchBackend('wasm');
});

describe('probeTrainingSpeed', () => {
  it('times steps of the graph until enough time has passed, and reports samples per second', async () => {
    // A clock that advances 50 ms per reading: each timed step reads it twice, so lasts 50 ms.
    let t = 0;
    const now = () => (t += 50);
    const graph = getPreset('lenet5')!.build();
    const before = tf.memory().numTensors;
    const r = await probeTrainingSpeed(graph, { batchSize: 8, optimizer: { kind: 'adam' }, minSteps: 2, minMs: 120, maxSteps: 5, now });
    // 50, 100, 150 ms timed after 3 steps ≥ 120 ms: 3 steps of 50 ms, 8 samples each → 160 samples/s.
    expect(r.timedSteps).toBe(3);
    expect(r.stepMs).toBe(50);
    expect(r.samplesPerSecond).toBeCloseTo(160, 6);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stops at maxSteps, and refuses a graph that does not compile with a TrainError', async () => {
    let t = 0;
    const r = await probeTrainingSpeed(getPreset('lenet5')!.build(), { batchSize: 2, optimizer: { kind: 'sgd', momentum: 0 }, minMs: 1e9, maxSteps: 4, now: () => (t += 1) });
    expect(r.timedSteps).toBe(4);
    const broken = getPreset('lenet5')!.build();
    const bad = { ...broken, edges: broken.edges.slice(1) };
    await expect(probeTrainingSpeed(bad, { batchSize: 2, optimizer: { kind: 'adam' } })).rejects.toBeInstanceOf(TrainError);
  });

  it('times data-parallel steps when given shards: each step sends the shard its half of the batch, and the shards are closed after', async () => {
    const inner = inProcessLink();
    const rows: number[] = [];
    const link: ShardLink = {
      request(message: ToShard, transfer?: Transferable[]): Promise<FromShard> {
        if (message.type === 'step') rows.push(message.xsShape[0]);
        return inner.request(message, transfer);
      },
      close: () => inner.close(),
    };
    // A clock that advances 100 ms per reading.
    let t = 0;
    const before = tf.memory().numTensors;
    const r = await probeTrainingSpeed(getPreset('lenet5')!.build(), { batchSize: 16, optimizer: { kind: 'adam' }, warmupSteps: 1, warmupMs: 500, minSteps: 2, minMs: 1e9, maxSteps: 3, now: () => (t += 100), shards: () => [link] });
    // Warm-up from the reading at 100 ms: a step, then one more while the reading is under 600 ms
    // (200, 300, 400, 500): 5 untimed steps; then 3 timed. Each cuts 16 rows into 8 and 8.
    expect(r.timedSteps).toBe(3);
    expect(rows).toEqual([8, 8, 8, 8, 8, 8, 8, 8]);
    expect(inner.closed).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('closes the shards when the graph does not compile', async () => {
    const broken = getPreset('lenet5')!.build();
    let made = 0;
    await expect(probeTrainingSpeed({ ...broken, edges: broken.edges.slice(1) }, { batchSize: 16, optimizer: { kind: 'adam' }, shards: () => { made++; return [inProcessLink()]; } })).rejects.toBeInstanceOf(TrainError);
    // The graph is refused before any shard is started.
    expect(made).toBe(0);
  });
});
