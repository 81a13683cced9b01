/**
 * The fast paths of lib/backend/wasm/fast-paths.ts (Tile, Sum and Mean, Identity and Cast,
 * scalar Minimum/Maximum/Greater/Less, transposed matrix products; Conv2DBackpropInput is in gradients.test.ts) give the CPU
 * backend's numbers, by hand and over random shapes, and free what they share.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { reduceSumInto, TRANSPOSE_FIRST_MIN_MACS } from '@/lib/backend/wasm/fast-paths';
import { maxAbsDiff, onBackend, switchBackend, tf } from '../../tf-setup';
import { TOL, values } from './cases';

beforeAll(async () => {
  await switchBackend('cpu');
  await switchBackend('wasm');
});

describe('wasm fast paths equal the CPU backend', () => {
  it('Sum and Mean (loops for leading or trailing axes, wasm\'s own otherwise) equal CPU for any axes and keepDims', async () => {
    const arb = fc.integer({ min: 1, max: 5 }).chain((rank) => fc.record({
      shape: fc.array(fc.integer({ min: 1, max: 7 }), { minLength: rank, maxLength: rank }),
      // Any subset of the axes, some written negative as tfjs allows.
      axes: fc.subarray([...Array(rank).keys()], { minLength: 1 }).chain((a) => fc.constant(a.map((v, i) => (i % 2 ? v - rank : v)))),
      keepDims: fc.boolean(), mean: fc.boolean(),
      dtype: fc.constantFrom<'float32' | 'int32'>('float32', 'float32', 'int32'),
      seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
    }));
    await fc.assert(fc.asyncProperty(arb, async (p) => {
      const size = p.shape.reduce((a, b) => a * b, 1);
      const vals = values(size, p.seed).map((v) => (p.dtype === 'int32' ? Math.round(v * 50) : v));
      const run = () => tf.tidy(() => {
        const x = tf.tensor(vals, p.shape, p.dtype);
        const r = p.mean ? tf.mean(x, p.axes, p.keepDims) : tf.sum(x, p.axes, p.keepDims);
        return { shape: r.shape, dtype: r.dtype, data: Array.from(r.dataSync()) };
      });
      const cpu = await onBackend('cpu', run);
      const wasm = await onBackend('wasm', run);
      expect(wasm.shape).toEqual(cpu.shape);
      expect(wasm.dtype).toEqual(cpu.dtype);
      expect(maxAbsDiff(wasm.data, cpu.data)).toBeLessThan(TOL);
    }), { numRuns: 150 });
    // A BatchNorm-sized reduction ([N,H,W,C] over N,H,W; 6·5·7 = 210 rows, not a multiple of the
    // 4-row unrolling) stays within 1e-4 of CPU's double-precision sum.
    const big = () => tf.tidy(() => {
      const x = tf.tensor4d(values(6 * 5 * 7 * 33, 9), [6, 5, 7, 33]);
      return [tf.sum(x, [0, 1, 2]).arraySync(), tf.mean(x, [0, 1, 2], true).arraySync()];
    });
    const cpu = await onBackend('cpu', big);
    const wasm = await onBackend('wasm', big);
    expect(maxAbsDiff(wasm, cpu)).toBeLessThan(TOL);
  });

  it('Minimum, Maximum, Greater and Less against a scalar (either side) equal CPU, NaN and ties included', async () => {
    const arb = fc.integer({ min: 1, max: 4 }).chain((rank) => fc.record({
      shape: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: rank, maxLength: rank }),
      op: fc.constantFrom('minimum', 'maximum', 'greater', 'less'),
      scalarFirst: fc.boolean(),
      // Values on a grid of 0.5 so that many equal the scalar; the scalar is sometimes NaN.
      scalar: fc.oneof(fc.integer({ min: -4, max: 4 }).map((v) => v / 2), fc.constant(Number.NaN)),
      seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
    }));
    await fc.assert(fc.asyncProperty(arb, async (p) => {
      const size = p.shape.reduce((a, b) => a * b, 1);
      const vals = values(size, p.seed).map((v, i) => (i % 7 === 3 ? Number.NaN : Math.round(v * 4) / 2));
      const run = () => tf.tidy(() => {
        const x = tf.tensor(vals, p.shape);
        const s = tf.scalar(p.scalar);
        const [a, b] = p.scalarFirst ? [s, x] : [x, s];
        const r = tf[p.op as 'minimum'](a, b);
        return { shape: r.shape, dtype: r.dtype, data: Array.from(r.dataSync()).map((v) => (Number.isNaN(v) ? 'NaN' : v)) };
      });
      const cpu = await onBackend('cpu', run);
      const wasm = await onBackend('wasm', run);
      expect(wasm).toEqual(cpu);
    }), { numRuns: 150 });
  });

  it('reduceSumInto by hand: leading and trailing axes, others refused', () => {
    // x = [[1, 2], [3, 4], [5, 6]] (shape [3, 2]).
    const x = new Float32Array([1, 2, 3, 4, 5, 6]);
    const out = new Float32Array(3);
    // Over axis 0 (leading): [1+3+5, 2+4+6] = [9, 12].
    expect(reduceSumInto(x, [3, 2], [0], out, 1)).toBe(true);
    expect(Array.from(out.subarray(0, 2))).toEqual([9, 12]);
    // Over axis 1 (trailing), as a mean (scale 1/2): [(1+2)/2, (3+4)/2, (5+6)/2] = [1.5, 3.5, 5.5].
    expect(reduceSumInto(x, [3, 2], [1], out, 0.5)).toBe(true);
    expect(Array.from(out)).toEqual([1.5, 3.5, 5.5]);
    // Over the middle axis of [1, 3, 2]: neither leading nor trailing, so left to wasm's kernel.
    out.fill(-1);
    expect(reduceSumInto(x, [1, 3, 2], [1], out, 1)).toBe(false);
    expect(Array.from(out)).toEqual([-1, -1, -1]);
  });

  it('Tile (block copies) equals CPU exactly for float32, int32 and bool, ranks 0 to 5', async () => {
    const arb = fc.integer({ min: 0, max: 5 }).chain((rank) => fc.record({
      shape: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: rank, maxLength: rank }),
      reps: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: rank, maxLength: rank }),
      dtype: fc.constantFrom<'float32' | 'int32' | 'bool'>('float32', 'int32', 'bool'),
      seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
    }));
    await fc.assert(fc.asyncProperty(arb, async (p) => {
      const size = p.shape.reduce((a, b) => a * b, 1);
      const vals = values(size, p.seed).map((v) => (p.dtype === 'float32' ? v : p.dtype === 'int32' ? Math.round(v * 100) : v > 0 ? 1 : 0));
      const run = () => tf.tidy(() => {
        const t = tf.tile(tf.tensor(vals, p.shape, p.dtype), p.reps);
        return { shape: t.shape, data: Array.from(t.dataSync()) };
      });
      const cpu = await onBackend('cpu', run);
      const wasm = await onBackend('wasm', run);
      expect(wasm).toEqual(cpu);
    }), { numRuns: 100 });
  });

  it('Identity and same-dtype Cast share the buffer: each copy outlives the other, and both free it', async () => {
    await switchBackend('wasm');
    const before = tf.memory();
    const a = tf.tensor2d([[1, -2], [3.5, 4]]);
    const b = tf.clone(a);
    const c = tf.cast(a, 'float32');
    const d = tf.cast(a, 'int32'); // a real conversion still copies (and truncates toward zero)
    // One shared buffer for a, b and c, and d's own: 2 buffers (wasm's own Identity made 4).
    expect(b.dataId).toBe(a.dataId);
    expect(c.dataId).toBe(a.dataId);
    expect(tf.memory().numDataBuffers - before.numDataBuffers).toBe(2);
    a.dispose();
    expect(b.arraySync()).toEqual([[1, -2], [3.5, 4]]);
    b.dispose();
    expect(c.arraySync()).toEqual([[1, -2], [3.5, 4]]);
    expect(d.arraySync()).toEqual([[1, -2], [3, 4]]);
    c.dispose(); d.dispose();
    expect(tf.memory().numDataBuffers).toBe(before.numDataBuffers);
    expect(tf.memory().numBytes).toBe(before.numBytes);
  });

  it('matrix products with a transposed operand (BatchMatMul, _FusedMatMul with bias and ReLU) equal CPU, rank 2 and 3, above and below the size that transposes first', async () => {
    // [m, k, n] sizes: LeNet-5's Dense gradients (above TRANSPOSE_FIRST_MIN_MACS), odd ones, small ones (below: wasm's own loop).
    const sizes: [number, number, number][] = [[64, 120, 400], [64, 400, 120], [33, 65, 70], [3, 5, 7], [64, 84, 10]];
    expect(64 * 120 * 400).toBeGreaterThan(TRANSPOSE_FIRST_MIN_MACS);
    expect(3 * 5 * 7).toBeLessThan(TRANSPOSE_FIRST_MIN_MACS);
    let seed = 1;
    for (const [m, k, n] of sizes) {
      for (const [ta, tb] of [[false, true], [true, false], [true, true], [false, false]] as const) {
        for (const batch of [0, 2]) {
          const aShape = ta ? [k, m] : [m, k];
          const bShape = tb ? [n, k] : [k, n];
          const av = values(Math.max(1, batch) * m * k, seed++);
          const bv = values(Math.max(1, batch) * k * n, seed++);
          const biasV = values(n, seed++);
          const run = () => tf.tidy(() => {
            const a = batch ? tf.tensor3d(av, [batch, ...aShape] as [number, number, number]) : tf.tensor2d(av, aShape as [number, number]);
            const b = batch ? tf.tensor3d(bv, [batch, ...bShape] as [number, number, number]) : tf.tensor2d(bv, bShape as [number, number]);
            const plain = tf.matMul(a, b, ta, tb);
            const fused = tf.fused.matMul({ a, b, transposeA: ta, transposeB: tb, bias: tf.tensor1d(biasV), activation: 'relu' });
            return { shape: plain.shape, plain: Array.from(plain.dataSync()), fused: Array.from(fused.dataSync()) };
          });
          const cpu = await onBackend('cpu', run);
          const before = await onBackend('wasm', () => tf.memory().numTensors);
          const wasm = await onBackend('wasm', run);
          expect(wasm.shape).toEqual(cpu.shape);
          // Sums of up to 400 products of values in [-1, 1]: within 1e-4 of CPU relative to k.
          expect(maxAbsDiff(wasm.plain, cpu.plain)).toBeLessThan(TOL * k);
          expect(maxAbsDiff(wasm.fused, cpu.fused)).toBeLessThan(TOL * k);
          expect(await onBackend('wasm', () => tf.memory().numTensors)).toBe(before);
        }
      }
    }
    // A batched fused product with a bias and each activation (wasm's own kernel adds the bias at the wrong places).
    for (const activation of ['linear', 'relu', 'relu6', 'elu', 'sigmoid', 'leakyrelu', 'prelu'] as const) {
      for (const tb of [false, true]) {
        const run = () => tf.tidy(() => {
          const a = tf.tensor3d(values(2 * 3 * 5, 71), [2, 3, 5]);
          const b = tf.tensor3d(values(2 * 5 * 7, 72), tb ? [2, 7, 5] : [2, 5, 7]);
          const f = tf.fused.matMul({
            a, b, transposeB: tb, bias: tf.tensor1d(values(7, 73)), activation, leakyreluAlpha: 0.3,
            ...(activation === 'prelu' ? { preluActivationWeights: tf.tensor1d(values(7, 74)) } : {}),
          });
          return Array.from(f.dataSync());
        });
        const cpu = await onBackend('cpu', run);
        // The product without bias and the sum before the activation are freed too: count buffers.
        const before = await onBackend('wasm', () => tf.memory().numDataBuffers);
        expect(maxAbsDiff(await onBackend('wasm', run), cpu)).toBeLessThan(TOL);
        expect(await onBackend('wasm', () => tf.memory().numDataBuffers)).toBe(before);
      }
    }
    // The transposed copies are freed: no data buffer outlives the product.
    await switchBackend('wasm');
    const buffers = tf.memory().numDataBuffers;
    const a = tf.randomNormal([64, 120]);
    const w = tf.randomNormal([400, 120]);
    const y = tf.matMul(a, w, false, true);
    expect(tf.memory().numDataBuffers - buffers).toBe(3);
    tf.dispose([a, w, y]);
    expect(tf.memory().numDataBuffers).toBe(buffers);
  });
});
