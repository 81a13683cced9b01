import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compile } from '@/lib/compile/compile';
import type { Graph } from '@/lib/graph/types';
import { TrainError } from '@/lib/train/errors';
import { makeParallelStep } from '@/lib/train/parallel/leader';
import { inProcessLink } from '@/lib/train/parallel/link';
import type { FromShard, ShardLink, ToShard } from '@/lib/train/parallel/protocol';
import { shardLossWeight, weightedAverage } from '@/lib/train/parallel/shards';
import { flatten, readWeights } from '@/lib/train/parallel/weights';
import { ModelSession } from '@/lib/train/session';
import { lossGradients, makeBatchLoss, makeTrainStep, type StepOptions } from '@/lib/train/step';
import { DEFAULT_TRAIN_SETTINGS, type TrainSettings } from '@/lib/train/settings';
import { conv, dense, PresetBuilder } from '@/presets/builder';
import { halves28, tinyNet } from '../session-helpers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** 8×8×1 → conv 4@3×3 same (relu) → [BatchNorm] → flatten → dense 3 softmax. */
function smallNet(batchNorm = false): Graph {
  const b = new PresetBuilder();
  b.add('input', 'Input', { height: 8, width: 8, channels: 1 });
  b.add('conv', 'Conv2D', conv(4, 3, { padding: 'same', activation: 'relu' }));
  if (batchNorm) b.add('bn', 'BatchNorm', { momentum: 0.9 });
  b.add('flatten', 'Flatten', {});
  b.add('out', 'Dense', dense(3, 'softmax'));
  return b.graph('small', 'Small');
}

function build(graph: Graph): tf.LayersModel {
  const compiled = compile(graph, { seed: 7 });
  if (!compiled.ok) throw new Error(compiled.errors.map((e) => e.message).join(' '));
  return compiled.model;
}

/** A batch of `rows` random images with labels cycling through the 3 classes (seeded: the same every run). */
function batch(rows: number, seed = 3): { xs: tf.Tensor4D; ys: tf.Tensor2D } {
  return tf.tidy(() => ({
    xs: tf.randomUniform([rows, 8, 8, 1], 0, 1, 'float32', seed) as tf.Tensor4D,
    ys: tf.oneHot(tf.tensor1d(Array.from({ length: rows }, (_, i) => (i * 7) % 3), 'int32'), 3) as tf.Tensor2D,
  }));
}

const sgd: StepOptions = { optimizer: { kind: 'sgd', momentum: 0.9 }, learningRate: 0.1, numClasses: 3, multiLabel: false };

function maxDifference(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!));
  return d;
}

describe('averaging shard gradients', () => {
  it("equals the whole batch's gradient for a model without BatchNorm or Dropout", () => {
    const model = build(smallNet());
    const loss = makeBatchLoss(model, sgd);
    const { xs, ys } = batch(24);
    const gradientsOf = (x: tf.Tensor4D, y: tf.Tensor2D) => {
      const out = lossGradients(loss, x, y);
      const flat = flatten(out.gradients);
      tf.dispose([out.loss, out.right, ...out.gradients]);
      return flat;
    };
    const whole = gradientsOf(xs, ys);
    // Uneven shards (15 and 9 rows), weighted by rows.
    const parts = [[0, 15], [15, 9]].map(([from, rows]) => tf.tidy(() => ({
      values: gradientsOf(tf.slice(xs, from, rows), tf.slice(ys, from, rows)), weight: rows!,
    })));
    expect(maxDifference(weightedAverage(parts), whole)).toBeLessThan(1e-5);
    // Not trivially equal: each shard's own gradient is far from the batch's.
    expect(maxDifference(parts[0]!.values, whole)).toBeGreaterThan(1e-3);
    tf.dispose([xs, ys]);
    model.dispose();
  });

  it("equals it for class-weighted cross-entropy when shards weigh by their rows' class weights", () => {
    const model = build(smallNet());
    const classWeights = [0.5, 3, 1];
    const loss = makeBatchLoss(model, { ...sgd, loss: { kind: 'weighted-cross-entropy', weights: classWeights } });
    const { xs, ys } = batch(20);
    const labels = ys.dataSync();
    const gradientsOf = (x: tf.Tensor4D, y: tf.Tensor2D) => {
      const out = lossGradients(loss, x, y);
      const flat = flatten(out.gradients);
      tf.dispose([out.loss, out.right, ...out.gradients]);
      return flat;
    };
    const whole = gradientsOf(xs, ys);
    const parts = [[0, 12], [12, 8]].map(([from, rows]) => tf.tidy(() => ({
      values: gradientsOf(tf.slice(xs, from, rows), tf.slice(ys, from, rows)),
      weight: shardLossWeight(labels.subarray(from! * 3, (from! + rows!) * 3), 3, classWeights),
    })));
    expect(maxDifference(weightedAverage(parts), whole)).toBeLessThan(1e-5);
    tf.dispose([xs, ys]);
    model.dispose();
  });
});

describe('makeParallelStep', () => {
  it('moves the weights as one-worker steps on the whole batch do (no BatchNorm), with the same loss and right answers', async () => {
    const before = tf.memory().numTensors;
    const alone = build(smallNet());
    const leader = build(smallNet());
    const one = makeTrainStep(alone, sgd);
    const links = [inProcessLink(), inProcessLink()];
    const three = await makeParallelStep(leader, sgd, links, { graph: smallNet(), seed: 7, minShardRows: 4 });
    expect(three.workers).toBe(3);
    for (let s = 0; s < 3; s++) {
      const { xs, ys } = batch(25, 10 + s); // 9 + 8 + 8 rows
      const a = one.run(xs, ys, 0.1);
      const b = await three.run(xs, ys, 0.1);
      expect(b.loss.dataSync()[0]).toBeCloseTo(a.loss.dataSync()[0]!, 5);
      expect(b.right.dataSync()[0]).toBe(a.right.dataSync()[0]);
      tf.dispose([xs, ys, a.loss, a.right, b.loss, b.right]);
    }
    expect(maxDifference(readWeights(leader.weights), readWeights(alone.weights))).toBeLessThan(1e-5);
    three.dispose();
    one.dispose();
    expect(links.every((l) => l.closed)).toBe(true);
    alone.dispose();
    leader.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('gives the leader more rows when its shard is slower, and keeps the cut even with balance off', async () => {
    /** A shard that answers 250 ms late (far longer than the leader's 32 rows of this tiny net), recording its rows. */
    const slow = (rows: number[]): ShardLink => {
      const inner = inProcessLink();
      return {
        request: async (message: ToShard, transfer?: Transferable[]) => {
          if (message.type === 'step') {
            rows.push(message.xsShape[0]);
            await new Promise((resolve) => setTimeout(resolve, 250));
          }
          return inner.request(message, transfer);
        },
        close: () => inner.close(),
      };
    };
    for (const balance of [true, false]) {
      const model = build(smallNet());
      const rows: number[] = [];
      const step = await makeParallelStep(model, sgd, [slow(rows)], { graph: smallNet(), seed: 7, balance });
      for (let s = 0; s < 4; s++) {
        const { xs, ys } = batch(64, s);
        const out = await step.run(xs, ys, 0.1);
        tf.dispose([xs, ys, out.loss, out.right]);
      }
      // The first step is cut evenly; then the leader, which waited, takes rows from the shard (down
      // to its 8-row minimum), or, with balance off, never does.
      expect(rows[0]).toBe(32);
      if (balance) {
        expect(rows[1]).toBeLessThan(32);
        expect(rows[3]).toBeLessThanOrEqual(rows[1]!);
        expect(Math.min(...rows)).toBeGreaterThanOrEqual(8);
      } else {
        expect(rows).toEqual([32, 32, 32, 32]);
      }
      step.dispose();
      model.dispose();
    }
  });

  it("gives the shard more rows when it finished first, judged by when it finished, not when its answer was read", async () => {
    // An in-process shard computes its rows while the leader sends (before the leader's own), but
    // its answer is read only after the leader's rows: the arrival time would make it look last.
    const inner = inProcessLink();
    const rows: number[] = [];
    const link: ShardLink = {
      request: (message: ToShard, transfer?: Transferable[]) => {
        if (message.type === 'step') rows.push(message.xsShape[0]);
        return inner.request(message, transfer);
      },
      close: () => inner.close(),
    };
    const model = build(smallNet());
    const step = await makeParallelStep(model, sgd, [link], { graph: smallNet(), seed: 7 });
    for (let s = 0; s < 4; s++) {
      const { xs, ys } = batch(64, s);
      const out = await step.run(xs, ys, 0.1);
      tf.dispose([xs, ys, out.loss, out.right]);
    }
    expect(rows[0]).toBe(32);
    expect(rows[3]).toBeGreaterThan(32);
    step.dispose();
    model.dispose();
  });

  it("with BatchNorm, normalises each shard by its own statistics and keeps the shards' average moving statistics", async () => {
    const graph = smallNet(true);
    const leader = build(graph);
    const reference = build(graph);
    const plainSgd: StepOptions = { ...sgd, optimizer: { kind: 'sgd', momentum: 0 } };
    const start = readWeights(leader.weights);
    const { xs, ys } = batch(16);
    // What each shard computes on its own: gradients and moving statistics after its forward pass.
    const loss = makeBatchLoss(reference, plainSgd);
    const shards = [0, 8].map((from) => {
      tf.tidy(() => reference.setWeights(leader.weights.map((w) => w.read())));
      const out = tf.tidy(() => lossGradients(loss, tf.slice(xs, from, 8), tf.slice(ys, from, 8)));
      const g = { gradients: flatten(out.gradients), state: readWeights(reference.nonTrainableWeights) };
      tf.dispose([out.loss, out.right, ...out.gradients]);
      return g;
    });
    const step = await makeParallelStep(leader, plainSgd, [inProcessLink()], { graph, seed: 7 });
    const out = await step.run(xs, ys, 0.1);
    tf.dispose([out.loss, out.right]);
    // Plain SGD: w ← w − lr·(g₁ + g₂)/2 for the trainable weights, in the model's order.
    const average = weightedAverage(shards.map((s) => ({ values: s.gradients, weight: 8 })));
    const trainableStart = tf.tidy(() => {
      const byName = new Map(leader.weights.map((w, i) => [w.originalName, i]));
      const offsets: number[] = [];
      let at = 0;
      for (const w of leader.weights) { offsets.push(at); at += w.read().size; }
      const parts: number[] = [];
      for (const w of leader.trainableWeights) {
        const i = byName.get(w.originalName)!;
        parts.push(...start.subarray(offsets[i]!, offsets[i]! + w.read().size));
      }
      return Float32Array.from(parts);
    });
    const expected = trainableStart.map((w, i) => w - 0.1 * average[i]!);
    expect(maxDifference(readWeights(leader.trainableWeights), expected)).toBeLessThan(1e-5);
    const moving = weightedAverage(shards.map((s) => ({ values: s.state, weight: 8 })));
    expect(maxDifference(readWeights(leader.nonTrainableWeights), moving)).toBeLessThan(1e-6);
    // The moving mean did move (momentum 0.9 from zeros).
    expect(Math.max(...readWeights(leader.nonTrainableWeights).subarray(0, 4).map(Math.abs))).toBeGreaterThan(1e-3);
    step.dispose();
    tf.dispose([xs, ys]);
    leader.dispose();
    reference.dispose();
  });

  it('trains a batch too small to share on the leader alone', async () => {
    const model = build(smallNet());
    const asked: string[] = [];
    const inner = inProcessLink();
    const counting: ShardLink = { request: (m, t) => { asked.push(m.type); return inner.request(m, t); }, close: () => inner.close() };
    const step = await makeParallelStep(model, sgd, [counting], { graph: smallNet(), seed: 7 });
    const { xs, ys } = batch(12); // fewer than 2 × 8 rows
    const out = await step.run(xs, ys);
    expect(asked).toEqual(['init']);
    tf.dispose([xs, ys, out.loss, out.right]);
    step.dispose();
    model.dispose();
  });
});

describe('errors of a shard', () => {
  /** A link that builds its replica, then fails each step as `how` says. */
  function failing(how: 'answers-failed' | 'dies'): ShardLink {
    const inner = inProcessLink();
    return {
      request(message: ToShard, transfer?: Transferable[]): Promise<FromShard> {
        if (message.type === 'init') return inner.request(message, transfer);
        if (how === 'dies') return Promise.reject(new Error('Out of memory in the worker'));
        return Promise.resolve({ type: 'failed', kind: 'internal', message: 'Kernel X failed' });
      },
      close: () => inner.close(),
    };
  }

  for (const how of ['answers-failed', 'dies'] as const) {
    it(`stops the step with a TrainError that names the worker and says what to do (a shard that ${how === 'dies' ? 'dies' : 'answers failed'}), and frees every tensor`, async () => {
      const before = tf.memory().numTensors;
      const model = build(smallNet());
      const step = await makeParallelStep(model, sgd, [failing(how)], { graph: smallNet(), seed: 7 });
      const { xs, ys } = batch(16);
      const error = await step.run(xs, ys).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(TrainError);
      expect((error as TrainError).kind).toBe('backend');
      expect((error as TrainError).message).toMatch(how === 'dies' ? /^Training worker 2 of 2 \(data-parallel training\) failed: Out of memory in the worker\. Start the run again/ : /failed: Kernel X failed\. Start the run again/);
      tf.dispose([xs, ys]);
      step.dispose();
      model.dispose();
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it("refuses a shard whose model is not the leader's, and closes the links", async () => {
    const model = build(smallNet());
    const other = inProcessLink();
    const wrongGraph: ShardLink = {
      request: (m, t) => other.request(m.type === 'init' ? { ...m, graph: smallNet(true) } : m, t),
      close: () => other.close(),
    };
    await expect(makeParallelStep(model, sgd, [wrongGraph], { graph: smallNet(), seed: 7 })).rejects.toThrow(/Training worker 2 of 2 .*its model is not the leader's \(4 weights vs 8\)/);
    expect(other.closed).toBe(true);
    model.dispose();
  });
});

describe('a session trained data-parallel', () => {
  it('ends with the weights of a session trained alone (no BatchNorm), and closes its shards', async () => {
    const graph = tinyNet();
    const data = halves28(64, 16);
    const settings: TrainSettings = { ...DEFAULT_TRAIN_SETTINGS, epochs: 1, batchSize: 32, optimizer: 'sgd', learningRate: 0.05, schedule: 'constant', augment: false, tta: false, seed: 1 };
    const alone = ModelSession.create(graph, { seed: 1 });
    const shared = ModelSession.create(graph, { seed: 1 });
    const links = [inProcessLink()];
    const a = await alone.train(data, settings, { datasetId: 'mnist' });
    const b = await shared.train(data, settings, { datasetId: 'mnist', shards: links });
    expect(b.result.status).toBe('completed');
    expect(b.test!.accuracy).toBe(a.test!.accuracy);
    expect(maxDifference(readWeights(shared.model.weights), readWeights(alone.model.weights))).toBeLessThan(1e-5);
    expect(links[0]!.closed).toBe(true);
    alone.dispose();
    shared.dispose();
    data.dispose();
  });
});
