/**
 * patchWasmBackend (lib/backend/wasm) registers its kernels once; the kernels it leaves to wasm
 * (AvgPoolGrad, LRN) agree with CPU; nothing leaks; and a model with every layer type that
 * compile() emits trains one step on wasm to the same weights as on CPU.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { patchWasmBackend, WASM_PATCHED_KERNELS } from '@/lib/backend/wasm';
import { maxAbsDiff, onBackend, switchBackend, tf } from '../../tf-setup';
import { gradsOf, TOL, values, type Case, type Pad } from './cases';

beforeAll(async () => {
  await switchBackend('cpu');
  await switchBackend('wasm');
});

describe('patchWasmBackend', () => {
  it('registers its kernels once, and conv training no longer fails on wasm', async () => {
    // tf-setup already registered them, so a second call changes nothing.
    expect(patchWasmBackend()).toEqual([]);
    for (const name of WASM_PATCHED_KERNELS) expect(tf.getKernel(name, 'wasm')).toBeDefined();
    // Called after the backend started (as a page may do), a missing kernel is put back.
    await switchBackend('wasm');
    tf.unregisterKernel('MaxPoolGrad', 'wasm');
    expect(patchWasmBackend()).toEqual(['MaxPoolGrad']);
    await switchBackend('wasm');
    const g = tf.tidy(() => tf.grad((w: tf.Tensor) => tf.sum(tf.conv2d(tf.ones([1, 4, 4, 1]) as tf.Tensor4D, w as tf.Tensor4D, 1, 'valid')))(tf.ones([3, 3, 1, 1])).arraySync());
    // Each tap of a 3×3 filter on a 4×4 map of ones sees 2×2 = 4 output positions, so dW = 4 everywhere.
    expect(g).toEqual([[[[4]], [[4]], [[4]]], [[[4]], [[4]], [[4]]], [[[4]], [[4]], [[4]]]]);
  });
});

describe('the patched wasm backend as a whole', () => {
  it('AvgPoolGrad (wasm\'s own) and LRN with its gradient (wasm\'s own) agree with CPU', async () => {
    const arb = fc.record({
      n: fc.integer({ min: 1, max: 2 }), c: fc.integer({ min: 1, max: 7 }),
      k: fc.integer({ min: 1, max: 3 }), s: fc.integer({ min: 1, max: 3 }),
      extra: fc.integer({ min: 0, max: 5 }), pad: fc.constantFrom<Pad>('same', 'valid'),
      radius: fc.integer({ min: 1, max: 3 }), seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
    });
    await fc.assert(fc.asyncProperty(arb, async (p) => {
      const side = p.k + p.extra;
      const run = () => tf.tidy(() => {
        const x = tf.tensor4d(values(p.n * side * side * p.c, p.seed), [p.n, side, side, p.c]);
        const avg = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.avgPool(t as tf.Tensor4D, p.k, p.s, p.pad), tf.avgPool(x, p.k, p.s, p.pad))))(x);
        const lrn = (t: tf.Tensor) => tf.localResponseNormalization(t as tf.Tensor4D, p.radius, 2, 1e-2, 0.75);
        const lrnGrad = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(lrn(t), x)))(x);
        return [avg.arraySync(), lrn(x).arraySync(), lrnGrad.arraySync()];
      });
      const cpu = await onBackend('cpu', run);
      const wasm = await onBackend('wasm', run);
      expect(maxAbsDiff(wasm, cpu)).toBeLessThan(TOL);
    }), { numRuns: 30 });
  });

  it('leaks no tensors', async () => {
    await switchBackend('wasm');
    const c: Case = { n: 2, h: 9, w: 7, cin: 3, kh: 3, kw: 2, cout: 4, sh: 2, sw: 1, dh: 1, dw: 1, pad: 'same', seed: 7 };
    gradsOf((x, w) => tf.conv2d(x, w, [2, 1], 'same'), c, [3, 2, 3, 4]); // warm-up
    const before = tf.memory().numTensors;
    gradsOf((x, w) => tf.conv2d(x, w, [2, 1], 'same'), c, [3, 2, 3, 4]);
    gradsOf((x, w) => tf.depthwiseConv2d(x, w, [2, 1], 'valid'), c, [3, 2, 3, 2]);
    gradsOf((x, w) => tf.maxPool(tf.conv2d(x, w, 1, 'same'), 3, 2, 'same'), c, [3, 3, 3, 2]);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('a training step on wasm', () => {
  /** A small model with every tfjs layer type that compile() emits. */
  function buildModel(): tf.LayersModel {
    const L = tf.layers;
    const inp = tf.input({ shape: [12, 12, 3] });
    const pad = L.zeroPadding2d({ padding: 1 }).apply(inp) as tf.SymbolicTensor;
    const conv = L.conv2d({ filters: 6, kernelSize: 3, strides: 2, padding: 'same', useBias: false }).apply(pad) as tf.SymbolicTensor;
    const bn = L.batchNormalization().apply(conv) as tf.SymbolicTensor;
    const act = L.activation({ activation: 'relu6' }).apply(bn) as tf.SymbolicTensor;
    const dw = L.depthwiseConv2d({ kernelSize: 3, padding: 'same', depthMultiplier: 2, activation: 'relu' }).apply(act) as tf.SymbolicTensor;
    const pw = L.conv2d({ filters: 12, kernelSize: 1, activation: 'swish' as 'relu' }).apply(act) as tf.SymbolicTensor;
    const sum = L.add().apply([dw, pw]) as tf.SymbolicTensor;
    const mp = L.maxPooling2d({ poolSize: 3, strides: 2, padding: 'same' }).apply(sum) as tf.SymbolicTensor;
    const ap = L.averagePooling2d({ poolSize: 2, strides: 1, padding: 'same' }).apply(mp) as tf.SymbolicTensor;
    const cat = L.concatenate().apply([mp, ap]) as tf.SymbolicTensor;
    const gap = L.globalAveragePooling2d({}).apply(cat) as tf.SymbolicTensor;
    const gate = L.reshape({ targetShape: [1, 1, 24] }).apply(L.dense({ units: 24, activation: 'sigmoid' }).apply(gap)) as tf.SymbolicTensor;
    const scaled = L.multiply().apply([cat, gate]) as tf.SymbolicTensor;
    const flat = L.flatten().apply(scaled) as tf.SymbolicTensor;
    const out = L.dense({ units: 5, activation: 'softmax' }).apply(L.dropout({ rate: 0 }).apply(flat)) as tf.SymbolicTensor;
    return tf.model({ inputs: inp, outputs: out });
  }

  it('gives the CPU backend\'s weights after one SGD step (within 1e-4)', async () => {
    const run = async (backend: 'cpu' | 'wasm') => {
      await switchBackend(backend);
      const model = buildModel();
      // Same starting weights on both backends.
      const init = model.getWeights().map((w, i) => tf.tensor(values(w.size, 100 + i).map((v) => v * 0.5), w.shape));
      model.setWeights(init);
      init.forEach((t) => t.dispose());
      const opt = tf.train.sgd(0.1);
      model.compile({ optimizer: opt, loss: 'categoricalCrossentropy' });
      const xs = tf.tensor4d(values(4 * 12 * 12 * 3, 5), [4, 12, 12, 3]);
      const ys = tf.oneHot(tf.tensor1d([0, 1, 2, 3], 'int32'), 5);
      const loss = await model.trainOnBatch(xs, ys) as number;
      const weights = model.getWeights().map((w) => w.arraySync());
      xs.dispose(); ys.dispose(); model.dispose(); opt.dispose();
      return { loss, weights };
    };
    const cpu = await run('cpu');
    const wasm = await run('wasm');
    expect(Math.abs(wasm.loss - cpu.loss)).toBeLessThan(TOL);
    expect(wasm.weights.length).toBe(cpu.weights.length);
    for (let i = 0; i < cpu.weights.length; i++) expect(maxAbsDiff(wasm.weights[i], cpu.weights[i])).toBeLessThan(TOL);
  });
});
