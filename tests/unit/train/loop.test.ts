import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadWeights, saveWeights } from '../../../lib/train/checkpoint';
import { TrainController } from '../../../lib/train/controller';
import { InMemoryDataset } from '../../../lib/train/datasets/in-memory';
import { evaluate, testTimeCrops } from '../../../lib/train/evaluate';
import { train, type BatchEvent } from '../../../lib/train/loop';
import { fileSystemHandler, registerFileSystemRouter } from '../../../lib/train/model-files.node';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/**
 * 8×8 grey images of two classes anyone can tell apart: class 0 is bright on the left half,
 * class 1 on the right half, with a little noise. 48 train, 16 test.
 */
function halves(multiLabel = false): InMemoryDataset {
  const make = (count: number, seed: number) => {
    let s = seed;
    const rand = () => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const pixels = new Uint8Array(count * 64);
    const labels = new Int32Array(count);
    const targets = new Uint8Array(count * 2);
    for (let i = 0; i < count; i++) {
      const c = i % 2;
      labels[i] = c;
      targets[i * 2 + c] = 1;
      for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) {
        const bright = (x < 4) === (c === 0);
        pixels[i * 64 + y * 8 + x] = Math.round((bright ? 200 : 30) + rand() * 40);
      }
    }
    return { count, pixels, labels, ...(multiLabel ? { targets } : {}) };
  };
  return new InMemoryDataset({
    id: 'halves', name: 'Halves', description: 'test data', shape: [8, 8, 1], classNames: ['left', 'right'],
    multiLabel, train: make(48, 1), test: make(16, 2),
  });
}

function convNet(opts: { batchNorm?: boolean; activation?: string; inputSide?: number } = {}): tf.LayersModel {
  const side = opts.inputSide ?? 8;
  const input = tf.input({ shape: [side, side, 1] });
  // Seeded initialisers: the same start on every run, so the tests cannot flake.
  let x = tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', useBias: !opts.batchNorm, name: 'conv', kernelInitializer: tf.initializers.glorotUniform({ seed: 11 }) }).apply(input) as tf.SymbolicTensor;
  if (opts.batchNorm) x = tf.layers.batchNormalization({ name: 'bn' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.activation({ activation: 'relu' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.flatten().apply(x) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: 2, activation: (opts.activation ?? 'softmax') as 'softmax', name: 'out', kernelInitializer: tf.initializers.glorotUniform({ seed: 12 }) }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out });
}

describe('train', () => {
  it('learns an easy task with Adam and reports every batch and epoch', async () => {
    const model = convNet();
    const batches: BatchEvent[] = [];
    const result = await train(model, halves(), {
      epochs: 4, batchSize: 16, optimizer: { kind: 'adam' }, learningRate: 0.01, seed: 3,
      onBatch: (e) => { batches.push(e); },
    });
    expect(result.status).toBe('completed');
    expect(result.epochsCompleted).toBe(4);
    // 48 samples / 16 = 3 batches per epoch × 4 epochs.
    expect(batches.length).toBe(12);
    expect(batches[11]).toMatchObject({ epoch: 3, batch: 2, batchesPerEpoch: 3, epochs: 4 });
    expect(batches.every((b) => b.samplesPerSecond > 0 && b.etaSeconds >= 0)).toBe(true);
    expect(result.history[3]!.loss).toBeLessThan(result.history[0]!.loss);
    expect(result.test!.accuracy).toBe(1);
    expect(result.test!.metrics.kind).toBe('single');
    model.dispose();
  });

  it('leaks no tensors: the count after N epochs equals the count after one', async () => {
    for (const optimizer of [{ kind: 'sgd' as const }, { kind: 'adam' as const }]) {
      const model = convNet({ batchNorm: true });
      const before = tf.memory().numTensors;
      const counts: number[] = [];
      await train(model, halves(), {
        epochs: 4, batchSize: 16, optimizer, learningRate: 0.01, weightDecay: 1e-4, schedule: { kind: 'cosine' },
        augment: { cropPadding: 1, flip: true },
        onEpoch: () => { counts.push(tf.memory().numTensors); },
      });
      // Optimizer state (momentum: 1 per weight; Adam: 2) exists during the run, then is freed.
      expect(counts.length).toBe(4);
      expect(new Set(counts).size).toBe(1);
      expect(tf.memory().numTensors).toBe(before);
      await train(model, halves(), { epochs: 1, batchSize: 16, optimizer, tta: 'crops' });
      expect(tf.memory().numTensors).toBe(before);
      model.dispose();
    }
  });

  it('updates BatchNorm statistics in training mode', async () => {
    const model = convNet({ batchNorm: true });
    const bn = model.getLayer('bn');
    const mean0 = Array.from(bn.getWeights()[2]!.dataSync()); // [gamma, beta, movingMean, movingVariance]
    await train(model, halves(), { epochs: 1, batchSize: 16, evaluateEachEpoch: false });
    const mean1 = Array.from(bn.getWeights()[2]!.dataSync());
    expect(mean0).toEqual([0, 0, 0, 0]);
    expect(mean1.some((v) => Math.abs(v) > 1e-4)).toBe(true);
    model.dispose();
  });

  it('sets the learning rate per batch from the schedule', async () => {
    const model = convNet();
    const lrs: number[] = [];
    await train(model, halves(), {
      epochs: 2, batchSize: 16, learningRate: 0.1, schedule: { kind: 'cosine' }, evaluateEachEpoch: false,
      onBatch: (e) => { lrs.push(e.learningRate); },
    });
    // 6 batches over 2 epochs: t = 0, 1/3, ..., 5/3; lr = 0.05·(1 + cos(π·t/2)); at t = 1 (batch 4) 0.05.
    expect(lrs[0]).toBeCloseTo(0.1, 10);
    expect(lrs[3]).toBeCloseTo(0.05, 10);
    expect(lrs[5]).toBeCloseTo(0.05 * (1 + Math.cos((Math.PI * 5) / 6)), 10);
    model.dispose();
  });

  it('stops on a NaN or exploding loss with advice', async () => {
    // Noise images with alternating labels (nothing to learn), seeded weights, no ReLU (so no unit
    // can die and hide the blow-up): a learning rate of 10⁶ saturates the softmax at once.
    let s = 9;
    const rand = () => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const split = { count: 48, pixels: new Uint8Array(48 * 64).map(() => Math.floor(rand() * 256)), labels: Int32Array.from({ length: 48 }, (_, i) => i % 2) };
    const noise = new InMemoryDataset({ id: 'n', name: 'Noise', description: '', shape: [8, 8, 1], classNames: ['a', 'b'], train: split, test: split });
    const linearNet = (activation: 'softmax' | 'linear'): tf.LayersModel => {
      const input = tf.input({ shape: [8, 8, 1] });
      let x = tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }).apply(input) as tf.SymbolicTensor;
      x = tf.layers.flatten().apply(x) as tf.SymbolicTensor;
      const out = tf.layers.dense({ units: 2, activation, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }).apply(x) as tf.SymbolicTensor;
      return tf.model({ inputs: input, outputs: out });
    };
    const before = tf.memory().numTensors;
    const model = linearNet('softmax');
    const result = await train(model, noise, { epochs: 3, batchSize: 16, learningRate: 1e6, evaluateEachEpoch: false });
    expect(result.status).toBe('diverged');
    expect(result.message).toMatch(/Training stopped at epoch 1, batch \d+: the loss rose to/);
    expect(result.message).toContain('lower the learning rate (now 1000000; try 100000)');
    expect(result.message).toContain('add BatchNorm');
    expect(result.test).toBeUndefined();
    // Logits have no ceiling: the loss explodes or turns NaN.
    const logits = linearNet('linear');
    const r2 = await train(logits, noise, { epochs: 3, batchSize: 16, learningRate: 1e30, evaluateEachEpoch: false });
    expect(r2.status).toBe('diverged');
    expect(r2.message).toMatch(/the loss (became NaN|became infinite|exploded)/);
    model.dispose();
    logits.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('pauses, resumes and stops between batches', async () => {
    const model = convNet();
    const controller = new TrainController();
    const seen: string[] = [];
    // The hold is announced after the batch in flight, before any later batch.
    controller.onHold(() => seen.push('hold'));
    const result = await train(model, halves(), {
      epochs: 5, batchSize: 16, controller, evaluateEachEpoch: false,
      onBatch: (e) => {
        seen.push(`${e.epoch}.${e.batch}`);
        if (e.epoch === 0 && e.batch === 1) {
          controller.pause();
          // No batch may run while paused: the next one must come after this resume.
          setTimeout(() => { seen.push('resume'); controller.resume(); }, 60);
        }
        if (e.epoch === 1 && e.batch === 0) controller.stop();
      },
    });
    expect(seen).toEqual(['0.0', '0.1', 'hold', 'resume', '0.2', '1.0']);
    expect(result.status).toBe('stopped');
    expect(result.epochsCompleted).toBe(1);
    expect(result.test).toBeDefined();
    model.dispose();
  });

  it('stops from an AbortSignal', async () => {
    const model = convNet();
    const abort = new AbortController();
    const result = await train(model, halves(), {
      epochs: 3, batchSize: 16, controller: new TrainController(abort.signal), evaluateEachEpoch: false,
      onBatch: (e) => { if (e.batch === 0) abort.abort(); },
    });
    expect(result.status).toBe('stopped');
    expect(result.epochsCompleted).toBe(0);
    model.dispose();
  });

  it('trains multi-label data with sigmoid outputs and reports per-label metrics', async () => {
    const model = convNet({ activation: 'sigmoid' });
    const result = await train(model, halves(true), { epochs: 4, batchSize: 16, optimizer: { kind: 'adam' }, learningRate: 0.01 });
    expect(result.status).toBe('completed');
    const m = result.test!.metrics;
    expect(m.kind).toBe('multi');
    if (m.kind === 'multi') {
      expect(m.perLabel.length).toBe(2);
      expect(m.perLabel[0]!.support).toBe(8);
      expect(m.accuracy).toBeGreaterThan(0.9);
    }
    await expect(train(convNet(), halves(true), { epochs: 1, batchSize: 16 })).rejects.toThrow(/activation to sigmoid/);
    model.dispose();
  });

  it('refuses a dataset that does not fit, saying what to change', async () => {
    const model = convNet({ inputSide: 10 });
    await expect(train(model, halves(), { epochs: 1, batchSize: 8 })).rejects.toThrow(
      /the model takes 10×10×1 images but Halves gives 8×8×1: set the Input block to 8×8×1/,
    );
    model.dispose();
  });
});

describe('evaluation', () => {
  it('ten crops: corners and centre of the padded image, then their mirrors', () => {
    // One 2×2 image [[1,2],[3,4]], padding 1 → 4×4 with a zero border.
    const crops = tf.tidy(() => testTimeCrops(tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]), 1).map((t) => Array.from(t.dataSync())));
    expect(crops.length).toBe(10);
    expect(crops[0]).toEqual([0, 0, 0, 1]); // top-left
    expect(crops[1]).toEqual([0, 0, 2, 0]); // top-right
    expect(crops[2]).toEqual([0, 3, 0, 0]); // bottom-left
    expect(crops[3]).toEqual([4, 0, 0, 0]); // bottom-right
    expect(crops[4]).toEqual([1, 2, 3, 4]); // centre = the image
    expect(crops[9]).toEqual([2, 1, 4, 3]); // centre, mirrored
  });

  it('gives a confusion matrix whose rows sum to the class counts, with or without TTA', async () => {
    const model = convNet();
    const before = tf.memory().numTensors;
    const plain = await evaluate(model, halves());
    const tta = await evaluate(model, halves(), { tta: 'crops', ttaPadding: 1 });
    expect(tf.memory().numTensors).toBe(before);
    for (const e of [plain, tta]) {
      if (e.metrics.kind !== 'single') throw new Error('expected single-label metrics');
      expect(e.metrics.confusion.map((r) => r.reduce((a, b) => a + b, 0))).toEqual([8, 8]);
      expect(e.loss).toBeGreaterThan(0);
    }
    expect(tta.tta).toBe('crops');
    model.dispose();
  });
});

describe('weights', () => {
  it('saves to files and loads back into a fresh model', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'weights-'));
    try {
      const a = convNet({ batchNorm: true });
      await train(a, halves(), { epochs: 1, batchSize: 16, evaluateEachEpoch: false });
      registerFileSystemRouter();
      await saveWeights(a, `file://${dir}`, { note: { epochs: 1 } });
      const b = convNet({ batchNorm: true });
      const x = tf.randomUniform([3, 8, 8, 1]);
      const pa = (a.predict(x) as tf.Tensor).dataSync();
      expect(Array.from((b.predict(x) as tf.Tensor).dataSync())).not.toEqual(Array.from(pa));
      const meta = await loadWeights(b, fileSystemHandler(dir));
      expect(meta).toEqual({ note: { epochs: 1 } });
      const pb = (b.predict(x) as tf.Tensor).dataSync();
      Array.from(pa).forEach((v, i) => expect(pb[i]).toBeCloseTo(v, 6));
      // A model of another shape is refused with the names of the weights that do not fit.
      const c = convNet({ inputSide: 10 });
      await expect(loadWeights(c, `file://${dir}`)).rejects.toThrow(/do not fit this model.*out\/kernel \(saved 256×2, model 400×2\)/);
      tf.dispose([x]);
      [a, b, c].forEach((m) => m.dispose());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
