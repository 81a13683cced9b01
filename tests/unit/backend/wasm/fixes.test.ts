/**
 * The kernels lib/backend/wasm/fixes.ts corrects give the CPU backend's numbers: forward
 * convolutions with padding 'same' (within 1e-4), MaxPoolGrad and MaxPoolWithArgmax (negative
 * windows, zeros and ties included).
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { maxAbsDiff, onBackend, switchBackend, tf } from '../../tf-setup';
import { caseArb, TOL, values, type Pad } from './cases';

beforeAll(async () => {
  await switchBackend('cpu');
  await switchBackend('wasm');
});

describe('wasm kernels corrected to the CPU backend\'s numbers', () => {
  it('forward Conv2D and DepthwiseConv2dNative with padding \'same\' (wasm gets them wrong for non-square or small kernels)', async () => {
    await fc.assert(fc.asyncProperty(caseArb({ dilation: true, maxOut: 3 }), fc.boolean(), async (c, depthwise) => {
      const run = () => tf.tidy(() => {
        const x = tf.tensor4d(values(c.n * c.h * c.w * c.cin, c.seed), [c.n, c.h, c.w, c.cin]);
        const w = tf.tensor4d(values(c.kh * c.kw * c.cin * c.cout, c.seed + 1), [c.kh, c.kw, c.cin, c.cout]);
        const bias = tf.fill([depthwise ? c.cin * c.cout : c.cout], 0.1);
        const plain = depthwise ? tf.depthwiseConv2d(x, w, [c.sh, c.sw], c.pad, 'NHWC', [c.dh, c.dw]) : tf.conv2d(x, w, [c.sh, c.sw], c.pad, 'NHWC', [c.dh, c.dw]);
        const fusedArgs = { x, filter: w, strides: [c.sh, c.sw] as [number, number], pad: c.pad, dilations: [c.dh, c.dw] as [number, number], bias, activation: 'relu' as const };
        const fused = depthwise ? tf.fused.depthwiseConv2d(fusedArgs) : tf.fused.conv2d(fusedArgs);
        return [plain.arraySync(), fused.arraySync()];
      });
      const cpu = await onBackend('cpu', run);
      const wasm = await onBackend('wasm', run);
      expect(maxAbsDiff(wasm, cpu)).toBeLessThan(TOL);
    }), { numRuns: 80 });
  });

  it('MaxPoolGrad, including negative inputs, zeros and ties (first maximum wins, as on CPU)', async () => {
    const poolArb = fc.record({
      n: fc.integer({ min: 1, max: 3 }), c: fc.integer({ min: 1, max: 3 }),
      k: fc.integer({ min: 1, max: 4 }), s: fc.integer({ min: 1, max: 3 }),
      extraH: fc.integer({ min: 0, max: 6 }), extraW: fc.integer({ min: 0, max: 6 }),
      pad: fc.constantFrom<Pad>('same', 'valid'),
      // 'relu': values ≥ 0 with many zeros; 'ties': small integers, so windows hold equal maxima.
      kind: fc.constantFrom('signed', 'relu', 'ties'),
      seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
    });
    await fc.assert(fc.asyncProperty(poolArb, async (p) => {
      const [h, w] = [p.k + p.extraH, p.k + p.extraW];
      const raw = values(p.n * h * w * p.c, p.seed);
      const xs = p.kind === 'signed' ? raw : p.kind === 'relu' ? raw.map((v) => Math.max(v, 0)) : raw.map((v) => Math.round(v * 2));
      const run = () => tf.tidy(() => {
        const x = tf.tensor4d(xs, [p.n, h, w, p.c]);
        const yShape = tf.maxPool(x, p.k, p.s, p.pad).shape;
        const dy = tf.tensor(values(yShape.reduce((a, b) => a * b), p.seed + 1), yShape);
        return tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(t as tf.Tensor4D, p.k, p.s, p.pad), dy)))(x).arraySync();
      });
      const cpu = await onBackend('cpu', run);
      const wasm = await onBackend('wasm', run);
      expect(maxAbsDiff(wasm, cpu)).toBeLessThan(TOL);
    }), { numRuns: 80 });
  });

  it('MaxPoolGrad by hand: all-negative windows route the gradient to their own maximum', async () => {
    await switchBackend('wasm');
    // x (3×3) = -1 -2 -3 / -4 -5 -6 / -7 -8 -9, pool 2×2 stride 1 'valid': window maxima are
    // -1 (0,0), -2 (0,1), -4 (1,0), -5 (1,1); dy = 1 2 / 3 4 lands on those four positions.
    // (tfjs-backend-wasm 4.22 as shipped returns 1 0 0 / 0 0 0 / 0 0 0.)
    const dx = tf.tidy(() => {
      const x = tf.tensor4d([-1, -2, -3, -4, -5, -6, -7, -8, -9], [1, 3, 3, 1]);
      const dy = tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]);
      return tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(t as tf.Tensor4D, 2, 1, 'valid'), dy)))(x).dataSync();
    });
    expect(Array.from(dx)).toEqual([1, 2, 0, 3, 4, 0, 0, 0, 0]);
  });

  it('MaxPoolWithArgmax: values and indexes as on CPU, negative windows included', async () => {
    const arb = fc.record({
      n: fc.integer({ min: 1, max: 2 }), c: fc.integer({ min: 1, max: 3 }), k: fc.integer({ min: 1, max: 3 }),
      s: fc.integer({ min: 1, max: 3 }), extra: fc.integer({ min: 0, max: 5 }), pad: fc.constantFrom<Pad>('same', 'valid'),
      batchIndex: fc.boolean(), ties: fc.boolean(), seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
    });
    await fc.assert(fc.asyncProperty(arb, async (p) => {
      const side = p.k + p.extra;
      const raw = values(p.n * side * side * p.c, p.seed);
      const xs = p.ties ? raw.map((v) => Math.round(v * 2)) : raw;
      const run = () => tf.tidy(() => {
        const r = tf.maxPoolWithArgmax(tf.tensor4d(xs, [p.n, side, side, p.c]), p.k, p.s, p.pad, p.batchIndex);
        return [r.result.arraySync(), r.indexes.arraySync()];
      });
      const cpu = await onBackend('cpu', run);
      const wasm = await onBackend('wasm', run);
      expect(wasm).toEqual(cpu);
    }), { numRuns: 40 });
  });
});
