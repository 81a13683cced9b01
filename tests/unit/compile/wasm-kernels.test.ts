/**
 * The kernels lib/compile/wasm-kernels registers on wasm (added gradients, the replaced
 * MaxPoolGrad, the 'same'-padding wrappers) give the CPU backend's numbers within 1e-4 over
 * strides, paddings, dilations and shapes; they leak no tensors; and a model with every layer type
 * that compile() emits trains one step on wasm to the same weights as on CPU.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  depthwiseFilterGrad, depthwiseInputGrad, reduceSumInto, registerWasmGradients, WASM_PATCHED_KERNELS,
} from '@/lib/compile/wasm-kernels';
import { maxAbsDiff, onBackend, tf, switchBackend } from './tf-setup';

const TOL = 1e-4;
type Pad = 'same' | 'valid';

/** Deterministic values in [-1, 1) from a seed (xorshift), so a failing case can be re-run. */
function values(n: number, seed: number): number[] {
  let s = (seed >>> 0) || 1;
  const out: number[] = new Array(n);
  for (let i = 0; i < n; i++) {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    out[i] = (s / 2 ** 32) * 2 - 1;
  }
  return out;
}

interface Case {
  n: number; h: number; w: number; cin: number; kh: number; kw: number;
  cout: number; sh: number; sw: number; dh: number; dw: number; pad: Pad; seed: number;
}

/**
 * Random conv cases. 'valid' needs the (dilated) window to fit, so H and W are drawn as the
 * window's extent plus 0–6. Strides and dilations are never both above 1 (tfjs refuses it).
 */
function caseArb(opts: { dilation: boolean; maxOut: number }): fc.Arbitrary<Case> {
  return fc.record({
    n: fc.integer({ min: 1, max: 3 }),
    extraH: fc.integer({ min: 0, max: 6 }), extraW: fc.integer({ min: 0, max: 6 }),
    cin: fc.integer({ min: 1, max: 4 }), cout: fc.integer({ min: 1, max: opts.maxOut }),
    kh: fc.integer({ min: 1, max: 4 }), kw: fc.integer({ min: 1, max: 4 }),
    sh: fc.integer({ min: 1, max: 3 }), sw: fc.integer({ min: 1, max: 3 }),
    dh: fc.integer({ min: 1, max: opts.dilation ? 3 : 1 }), dw: fc.integer({ min: 1, max: opts.dilation ? 3 : 1 }),
    strided: fc.boolean(),
    pad: fc.constantFrom<Pad>('same', 'valid'),
    seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
  }).map((r) => {
    // Either strides or dilations (or neither) above 1.
    const [sh, sw, dh, dw] = r.strided ? [r.sh, r.sw, 1, 1] : [1, 1, r.dh, r.dw];
    const eh = (r.kh - 1) * dh + 1;
    const ew = (r.kw - 1) * dw + 1;
    return { n: r.n, h: eh + r.extraH, w: ew + r.extraW, cin: r.cin, kh: r.kh, kw: r.kw, cout: r.cout, sh, sw, dh, dw, pad: r.pad, seed: r.seed };
  });
}

/** Gradients of Σ(op(x, w)·dy) with respect to x and w, as arrays, on the active backend. */
function gradsOf(op: (x: tf.Tensor4D, w: tf.Tensor4D) => tf.Tensor4D, c: Case, wShape: [number, number, number, number]) {
  return tf.tidy(() => {
    const x = tf.tensor4d(values(c.n * c.h * c.w * c.cin, c.seed), [c.n, c.h, c.w, c.cin]);
    const w = tf.tensor4d(values(wShape.reduce((a, b) => a * b), c.seed + 1), wShape);
    const yShape = op(x, w).shape;
    const dy = tf.tensor(values(yShape.reduce((a, b) => a * b), c.seed + 2), yShape);
    const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(op(a as tf.Tensor4D, b as tf.Tensor4D), dy)))([x, w]);
    return { dx: dx!.arraySync(), dw: dw!.arraySync() };
  });
}

/** Gradients of `op` on the CPU backend and on wasm (with our kernels) agree within TOL. */
async function expectSameGrads(op: (x: tf.Tensor4D, w: tf.Tensor4D) => tf.Tensor4D, c: Case, wShape: [number, number, number, number]): Promise<void> {
  const cpu = await onBackend('cpu', () => gradsOf(op, c, wShape));
  const wasm = await onBackend('wasm', () => gradsOf(op, c, wShape));
  expect(maxAbsDiff(wasm.dw, cpu.dw)).toBeLessThan(TOL);
  expect(maxAbsDiff(wasm.dx, cpu.dx)).toBeLessThan(TOL);
}

/**
 * A dilated kernel as the plain kernel it equals: (d−1) zeros between taps. The reference for
 * dilated gradients, which tfjs refuses to compute directly on any backend.
 */
function dilateKernel(w: tf.Tensor4D, dh: number, dw: number): tf.Tensor4D {
  const [kh, kw, a, b] = w.shape;
  const spread = tf.pad(tf.reshape(w, [kh, 1, kw, 1, a, b]), [[0, 0], [0, dh - 1], [0, 0], [0, dw - 1], [0, 0], [0, 0]]);
  return tf.slice(tf.reshape(spread, [kh * dh, kw * dw, a, b]) as tf.Tensor4D, [0, 0, 0, 0], [(kh - 1) * dh + 1, (kw - 1) * dw + 1, a, b]);
}

beforeAll(async () => {
  await switchBackend('cpu');
  await switchBackend('wasm');
});

describe('registerWasmGradients', () => {
  it('registers its kernels once, and conv training no longer fails on wasm', async () => {
    // tf-setup already registered them, so a second call changes nothing.
    expect(registerWasmGradients()).toEqual([]);
    for (const name of WASM_PATCHED_KERNELS) expect(tf.getKernel(name, 'wasm')).toBeDefined();
    // Called after the backend started (as a page may do), a missing kernel is put back.
    await switchBackend('wasm');
    tf.unregisterKernel('MaxPoolGrad', 'wasm');
    expect(registerWasmGradients()).toEqual(['MaxPoolGrad']);
    await switchBackend('wasm');
    const g = tf.tidy(() => tf.grad((w: tf.Tensor) => tf.sum(tf.conv2d(tf.ones([1, 4, 4, 1]) as tf.Tensor4D, w as tf.Tensor4D, 1, 'valid')))(tf.ones([3, 3, 1, 1])).arraySync());
    // Each tap of a 3×3 filter on a 4×4 map of ones sees 2×2 = 4 output positions, so dW = 4 everywhere.
    expect(g).toEqual([[[[4]], [[4]], [[4]]], [[[4]], [[4]], [[4]]], [[[4]], [[4]], [[4]]]]);
  });
});

describe('wasm gradient kernels equal the CPU backend', () => {
  it('Conv2DBackpropFilter (and wasm\'s own Conv2DBackpropInput) over strides, paddings and shapes', async () => {
    await fc.assert(fc.asyncProperty(caseArb({ dilation: false, maxOut: 4 }), async (c) => {
      const op = (x: tf.Tensor4D, w: tf.Tensor4D) => tf.conv2d(x, w, [c.sh, c.sw], c.pad);
      await expectSameGrads(op, c, [c.kh, c.kw, c.cin, c.cout]);
    }), { numRuns: 60 });
  });

  it('fused conv (bias + relu, as tfjs-layers builds it) trains to the same gradients', async () => {
    await fc.assert(fc.asyncProperty(caseArb({ dilation: false, maxOut: 4 }), async (c) => {
      const op = (x: tf.Tensor4D, w: tf.Tensor4D) =>
        tf.fused.conv2d({ x, filter: w, strides: [c.sh, c.sw], pad: c.pad, bias: tf.fill([c.cout], 0.1), activation: 'relu' });
      await expectSameGrads(op, c, [c.kh, c.kw, c.cin, c.cout]);
    }), { numRuns: 25 });
  });

  it('DepthwiseConv2dNativeBackpropFilter and -Input over strides, paddings, multipliers and shapes', async () => {
    await fc.assert(fc.asyncProperty(caseArb({ dilation: false, maxOut: 3 }), async (c) => {
      // cout is the channel multiplier here.
      const op = (x: tf.Tensor4D, w: tf.Tensor4D) => tf.depthwiseConv2d(x, w, [c.sh, c.sw], c.pad);
      await expectSameGrads(op, c, [c.kh, c.kw, c.cin, c.cout]);
    }), { numRuns: 60 });
  });

  it('depthwise gradients with dilations equal CPU gradients of the zero-filled (dilated) kernel', async () => {
    // tfjs's gradient function refuses dilations > 1 on every backend, so the kernels are called
    // directly, as the engine would with a dilations attr.
    await fc.assert(fc.asyncProperty(caseArb({ dilation: true, maxOut: 3 }), async (c) => {
      const wShape: [number, number, number, number] = [c.kh, c.kw, c.cin, c.cout];
      const ref = await onBackend('cpu', () => tf.tidy(() => {
        const x = tf.tensor4d(values(c.n * c.h * c.w * c.cin, c.seed), [c.n, c.h, c.w, c.cin]);
        const w = tf.tensor4d(values(wShape.reduce((a, b) => a * b), c.seed + 1), wShape);
        const wd = dilateKernel(w, c.dh, c.dw);
        const yShape = tf.depthwiseConv2d(x, wd, [c.sh, c.sw], c.pad).shape;
        const dy = tf.tensor(values(yShape.reduce((a, b) => a * b), c.seed + 2), yShape);
        const [dx, dwd] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, [c.sh, c.sw], c.pad), dy)))([x, wd]);
        // The gradient of a dilated kernel's taps is the zero-filled kernel's gradient at those taps.
        const dw = tf.stridedSlice(dwd!, [0, 0, 0, 0], dwd!.shape, [c.dh, c.dw, 1, 1]);
        return { dx: dx!.arraySync(), dw: dw.arraySync(), yShape };
      }));
      const got = await onBackend('wasm', () => tf.tidy(() => {
        const x = tf.tensor4d(values(c.n * c.h * c.w * c.cin, c.seed), [c.n, c.h, c.w, c.cin]);
        const w = tf.tensor4d(values(wShape.reduce((a, b) => a * b), c.seed + 1), wShape);
        const dy = tf.tensor4d(values(ref.yShape.reduce((a, b) => a * b), c.seed + 2), ref.yShape as [number, number, number, number]);
        const dw = depthwiseFilterGrad(x, dy, wShape, [c.sh, c.sw], [c.dh, c.dw], c.pad);
        const dx = depthwiseInputGrad(x.shape, dy, w, [c.sh, c.sw], [c.dh, c.dw], c.pad);
        // The registered kernel (a loop over wasm's memory, not the tf-op version above), called as
        // the engine would with a dilations attr.
        const attrs = { strides: [c.sh, c.sw], dilations: [c.dh, c.dw], pad: c.pad, filterShape: wShape };
        const dwKernel = tf.engine().runKernel('DepthwiseConv2dNativeBackpropFilter', { x, dy }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
        return { dx: dx.arraySync(), dw: dw.arraySync(), dwKernel: dwKernel.arraySync() };
      }));
      expect(maxAbsDiff(got.dw, ref.dw)).toBeLessThan(TOL);
      expect(maxAbsDiff(got.dwKernel, ref.dw)).toBeLessThan(TOL);
      expect(maxAbsDiff(got.dx, ref.dx)).toBeLessThan(TOL);
    }), { numRuns: 40 });
  });

  it('1×1 convs (the matmul path of Conv2DBackpropFilter, the forward-conv Conv2DBackpropInput) at strides 1 and 2, wider channels', async () => {
    const arb = fc.record({
      n: fc.integer({ min: 1, max: 4 }), h: fc.integer({ min: 1, max: 9 }), w: fc.integer({ min: 1, max: 9 }),
      cin: fc.integer({ min: 1, max: 24 }), cout: fc.integer({ min: 1, max: 24 }), s: fc.integer({ min: 1, max: 2 }),
      pad: fc.constantFrom<Pad>('same', 'valid'), seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
    });
    await fc.assert(fc.asyncProperty(arb, async (p) => {
      const c: Case = { n: p.n, h: p.h, w: p.w, cin: p.cin, kh: 1, kw: 1, cout: p.cout, sh: p.s, sw: p.s, dh: 1, dw: 1, pad: p.pad, seed: p.seed };
      const op = (x: tf.Tensor4D, w: tf.Tensor4D) => tf.conv2d(x, w, p.s, p.pad);
      await expectSameGrads(op, c, [1, 1, p.cin, p.cout]);
    }), { numRuns: 40 });
  });

  it('depthwise gradients at MobileNet-like sizes (3×3, strides 1 and 2, odd sides, multipliers 1 and 2)', async () => {
    // Larger than the random cases above, so the loops' row/column bounds and batch offsets are
    // exercised on many channels at once.
    for (const [n, side, ch, m, s, pad] of [[3, 9, 17, 1, 1, 'same'], [2, 11, 13, 1, 2, 'same'], [2, 10, 8, 2, 2, 'valid'], [4, 7, 6, 2, 1, 'valid']] as const) {
      const c: Case = { n, h: side, w: side, cin: ch, kh: 3, kw: 3, cout: m, sh: s, sw: s, dh: 1, dw: 1, pad, seed: n * 1000 + side };
      const op = (x: tf.Tensor4D, w: tf.Tensor4D) => tf.depthwiseConv2d(x, w, s, pad);
      await expectSameGrads(op, c, [3, 3, ch, m]);
    }
  });

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
