/**
 * Training-mode batch normalization as fused kernels (lib/backend/wasm/batch-norm.ts): the SIMD
 * kernels on wasm and their JavaScript twins give the CPU backend's tf.moments + tf.batchNorm
 * values and gradients (mean and variance outputs included), by hand and over random shapes; the
 * BatchNormalization layer trains to CPU's weights and moving statistics through them; nothing
 * leaks; the compiled binaries match their .wat source.
 */
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  BATCH_NORM_TRAINING, batchNormTraining, batchNormTrainingGradInto, batchNormTrainingInto,
} from '@/lib/backend/wasm/batch-norm';
import { maxAbsDiff, onBackend, switchBackend, tf } from '../../tf-setup';
import { TOL, values } from './cases';

beforeAll(async () => {
  await switchBackend('cpu');
  await switchBackend('wasm');
});

/** The BatchNormalization options these tests vary. */
type BatchNormArgs = { axis?: number; epsilon?: number };

interface BnCase { shape: number[]; epsilon: number; shift: number; seed: number }

/** Inputs of one case: x (values in [−1, 1) plus `shift`), γ, β and the loss weights. */
function inputs(p: BnCase) {
  const size = p.shape.reduce((a, b) => a * b, 1);
  const c = p.shape[p.shape.length - 1]!;
  return {
    x: tf.add(tf.tensor(values(size, p.seed), p.shape), p.shift),
    scale: tf.tensor1d(values(c, p.seed + 1).map((v) => 1 + v / 2)),
    offset: tf.tensor1d(values(c, p.seed + 2)),
    dy: tf.tensor(values(size, p.seed + 3), p.shape),
    u: tf.tensor1d(values(c, p.seed + 4)),
    v: tf.tensor1d(values(c, p.seed + 5)),
  };
}

type Norm = (x: tf.Tensor, scale: tf.Tensor1D, offset: tf.Tensor1D, eps: number) => [tf.Tensor, tf.Tensor, tf.Tensor];

/** tfjs-layers' own training path: tf.moments over every axis but the last, then tf.batchNorm. */
const reference: Norm = (x, scale, offset, eps) => {
  const axes = x.shape.slice(0, -1).map((_, i) => i);
  const { mean, variance } = tf.moments(x, axes);
  return [tf.batchNorm(x, mean, variance, offset, scale, eps), mean, variance];
};

/** y, mean, variance, and the gradients of Σy·dy + Σmean·u + Σvariance·v for x, γ and β. */
function run(norm: Norm, p: BnCase) {
  return tf.tidy(() => {
    const t = inputs(p);
    const loss = (x: tf.Tensor, s: tf.Tensor, o: tf.Tensor) => {
      const [y, mean, variance] = norm(x, s as tf.Tensor1D, o as tf.Tensor1D, p.epsilon);
      return tf.addN([tf.sum(tf.mul(y, t.dy)), tf.sum(tf.mul(mean, t.u)), tf.sum(tf.mul(variance, t.v))]);
    };
    const [y, mean, variance] = norm(t.x, t.scale as tf.Tensor1D, t.offset as tf.Tensor1D, p.epsilon);
    const [dx, ds, dOff] = tf.grads(loss)([t.x, t.scale, t.offset]);
    return { y: y.arraySync(), mean: mean.arraySync(), variance: variance.arraySync(), dx: dx!.arraySync(), ds: ds!.arraySync(), dOff: dOff!.arraySync() };
  });
}

const caseArb: fc.Arbitrary<BnCase> = fc.record({
  // Rank 2 (after a Dense) to 4; channels 1–9 covers the SIMD kernels' 4-wide part and their tail.
  shape: fc.integer({ min: 1, max: 3 }).chain((lead) => fc.tuple(
    fc.array(fc.integer({ min: 1, max: 5 }), { minLength: lead, maxLength: lead }), fc.integer({ min: 1, max: 9 }),
  )).map(([dims, c]) => [...dims, c]),
  // ε ≥ 1e-3 keeps 1/σ ≤ 32, where CPU's float32 chain is itself within 1e-4 of the exact
  // gradient; smaller ε is checked against a float64 reference below.
  epsilon: fc.constantFrom(1e-3, 1e-2, 0.1),
  shift: fc.constantFrom(0, 0, 3),
  seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
});

describe('fused training-mode batch normalization', () => {
  it('by hand: x = [[1, 2], [3, 6], [5, 10]] → mean [3, 6], variance [8/3, 32/3], y = ±√1.5 and 0', async () => {
    await switchBackend('wasm');
    const [y, mean, variance] = tf.tidy(() => batchNormTraining(tf.tensor2d([[1, 2], [3, 6], [5, 10]]), tf.ones([2]), tf.zeros([2]), 0).map((t) => t.arraySync()));
    expect(maxAbsDiff(mean, [3, 6])).toBeLessThan(1e-6);
    expect(maxAbsDiff(variance, [8 / 3, 32 / 3])).toBeLessThan(1e-5);
    // (x − mean)/σ: −2/√(8/3) = −√1.5 for both channels, then 0, then +√1.5.
    const r = Math.sqrt(1.5);
    expect(maxAbsDiff(y, [[-r, -r], [0, 0], [r, r]])).toBeLessThan(1e-5);
  });

  it('on wasm (SIMD kernels) equals CPU\'s tf.moments + tf.batchNorm, values and gradients', async () => {
    await fc.assert(fc.asyncProperty(caseArb, async (p) => {
      const cpu = await onBackend('cpu', () => run(reference, p));
      const wasm = await onBackend('wasm', () => run(batchNormTraining, p));
      for (const key of ['y', 'mean', 'variance', 'dx', 'ds', 'dOff'] as const) {
        expect(maxAbsDiff(wasm[key], cpu[key]), key).toBeLessThan(TOL);
      }
    }), { numRuns: 120 });
  });

  it('stays within 1e-4 of the exact (float64) gradient where 1/σ is large (ε = 1e-5, few rows), unlike CPU\'s float32 chain', async () => {
    // dx = γs(dy − mean(dy) − x̂·mean(dy·x̂)) + dMean/N + 2·dVar·(x − μ)/N per channel, in doubles.
    const exact = (x: number[][], g: number[], dy: number[][], u: number[], v: number[], eps: number) => {
      const n = x.length;
      return x.map((row, i) => row.map((xi, c) => {
        const col = x.map((r) => r[c]!);
        const mu = col.reduce((a, b) => a + b, 0) / n;
        const s = 1 / Math.sqrt(col.reduce((a, b) => a + (b - mu) ** 2, 0) / n + eps);
        const sd = dy.reduce((a, r) => a + r[c]!, 0);
        const sx = dy.reduce((a, r, k) => a + r[c]! * (x[k]![c]! - mu), 0);
        return g[c]! * s * (dy[i]![c]! - sd / n - (xi - mu) * s * s * sx / n) + u[c]! / n + 2 * v[c]! * (xi - mu) / n;
      }));
    };
    const arb = fc.record({ rows: fc.integer({ min: 2, max: 4 }), c: fc.integer({ min: 1, max: 6 }), shift: fc.constantFrom(0, 3), seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }) });
    await fc.assert(fc.asyncProperty(arb, async (q) => {
      const p: BnCase = { shape: [q.rows, q.c], epsilon: 1e-5, shift: q.shift, seed: q.seed };
      const wasm = await onBackend('wasm', () => run(batchNormTraining, p));
      const t = inputs(p);
      const [x, g, dy, u, v] = [t.x, t.scale, t.dy, t.u, t.v].map((a) => a.arraySync());
      Object.values(t).forEach((a) => a.dispose());
      const truth = exact(x as number[][], g as number[], dy as number[][], u as number[], v as number[], 1e-5);
      expect(maxAbsDiff(wasm.dx, truth)).toBeLessThan(TOL);
    }), { numRuns: 100 });
  });

  it('the JavaScript twins (for wasm without SIMD) equal CPU too', async () => {
    await fc.assert(fc.asyncProperty(caseArb, async (p) => {
      const cpu = await onBackend('cpu', () => run(reference, p));
      const t = inputs(p);
      const [x, scale, offset, dy, u, v] = [t.x, t.scale, t.offset, t.dy, t.u, t.v].map((a) => a.dataSync() as Float32Array);
      Object.values(t).forEach((a) => a.dispose());
      const c = p.shape[p.shape.length - 1]!;
      const [y, mean, variance] = [new Float32Array(x!.length), new Float32Array(c), new Float32Array(c)];
      batchNormTrainingInto(x!, c, scale!, offset!, p.epsilon, y, mean, variance);
      const [dx, ds, dOff] = [new Float32Array(x!.length), new Float32Array(c), new Float32Array(c)];
      batchNormTrainingGradInto(x!, dy!, c, scale!, mean, variance, p.epsilon, u!, v!, dx, ds, dOff);
      const flat = (a: unknown) => [a].flat(4) as number[];
      expect(maxAbsDiff([...y], flat(cpu.y))).toBeLessThan(TOL);
      expect(maxAbsDiff([...mean], cpu.mean)).toBeLessThan(TOL);
      expect(maxAbsDiff([...variance], cpu.variance)).toBeLessThan(TOL);
      expect(maxAbsDiff([...dx], flat(cpu.dx))).toBeLessThan(TOL);
      expect(maxAbsDiff([...ds], cpu.ds)).toBeLessThan(TOL);
      expect(maxAbsDiff([...dOff], cpu.dOff)).toBeLessThan(TOL);
    }), { numRuns: 60 });
  });

  it('a constant channel has variance 0 and y = β (no NaN), as on CPU', async () => {
    const constant = (norm: Norm) => () => tf.tidy(() => {
      const x = tf.concat([tf.fill([6, 1], 1000.5), tf.tensor2d(values(6, 3), [6, 1])], 1);
      return norm(x, tf.ones([2]), tf.tensor1d([0.25, 0]), 1e-3).map((t) => t.arraySync());
    });
    const cpu = await onBackend('cpu', constant(reference));
    const wasm = await onBackend('wasm', constant(batchNormTraining));
    expect((wasm[2] as number[])[0]).toBe(0);
    expect((wasm[0] as number[][]).map((row) => row[0])).toEqual([0.25, 0.25, 0.25, 0.25, 0.25, 0.25]);
    expect(maxAbsDiff(wasm, cpu)).toBeLessThan(TOL);
  });

  it('leaks no tensors, forward or backward', async () => {
    await switchBackend('wasm');
    const p: BnCase = { shape: [3, 4, 5, 6], epsilon: 1e-3, shift: 0, seed: 11 };
    run(batchNormTraining, p);
    const before = tf.memory().numTensors;
    run(batchNormTraining, p);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('tfjs-layers BatchNormalization in training uses the fused kernels on wasm', () => {
  /** A BatchNormalization layer's output, input gradient and weights after one SGD step on `backend`. */
  async function step(backend: 'cpu' | 'wasm', args: BatchNormArgs, shape: number[]) {
    await switchBackend(backend);
    return tf.tidy(() => {
      const layer = tf.layers.batchNormalization({ momentum: 0.9, ...args });
      const inp = tf.input({ shape: shape.slice(1) });
      const model = tf.model({ inputs: inp, outputs: layer.apply(inp) as tf.SymbolicTensor });
      model.setWeights(model.getWeights().map((w, i) => tf.tensor(values(w.size, 40 + i).map((v) => 1 + v / 2), w.shape)));
      const x = tf.tensor(values(shape.reduce((a, b) => a * b, 1), 7), shape);
      const dy = tf.tensor(values(x.size, 8), shape);
      const y = model.apply(x, { training: true }) as tf.Tensor;
      const dx = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(model.apply(t, { training: true }) as tf.Tensor, dy)))(x);
      const opt = tf.train.sgd(0.1);
      opt.minimize(() => tf.sum(tf.mul(model.apply(x, { training: true }) as tf.Tensor, dy)) as tf.Scalar);
      const inference = model.apply(x, { training: false }) as tf.Tensor;
      const out = [y.arraySync(), dx.arraySync(), model.getWeights().map((w) => w.arraySync()), inference.arraySync()];
      opt.dispose();
      model.dispose();
      return out;
    });
  }

  it('gives CPU\'s output, gradient, weights and moving statistics (rank 4 and rank 2)', async () => {
    for (const [args, shape] of [
      [{}, [4, 3, 5, 6]], [{ epsilon: 1e-5 }, [2, 9]],
    ] as [BatchNormArgs, number[]][]) {
      const cpu = await step('cpu', args, shape);
      const wasm = await step('wasm', args, shape);
      expect(maxAbsDiff(wasm, cpu), JSON.stringify(args)).toBeLessThan(TOL);
    }
  });

  it('runs the fused kernel once a step on wasm, and never on CPU or for an axis other than the last', async () => {
    const count = async (backend: 'cpu' | 'wasm', axis = -1) => {
      await switchBackend(backend);
      const layer = tf.layers.batchNormalization({ axis });
      const x = tf.tensor(values(2 * 3 * 4, 3), [2, 3, 4]);
      const profile = await tf.profile(() => { tf.dispose([layer.apply(x, { training: true }) as tf.Tensor, layer.apply(x) as tf.Tensor]); });
      x.dispose();
      layer.dispose();
      return profile.kernels.filter((k) => k.name === BATCH_NORM_TRAINING).length;
    };
    expect(await count('wasm')).toBe(1);
    expect(await count('cpu')).toBe(0);
    // tfjs-layers' own path (whose gradient for such axes fails on every backend in tfjs 4.22).
    expect(await count('wasm', 1)).toBe(0);
  });
});

describe('the compiled SIMD kernels', () => {
  it('match their source (batch-norm.wasm.ts is batch-norm.wat compiled)', () => {
    // Exits 1 and names the file when a generated module is out of date.
    expect(() => execFileSync(process.execPath, ['scripts/build-wasm-kernels.mjs', '--check'], { stdio: 'pipe' })).not.toThrow();
  });
});
