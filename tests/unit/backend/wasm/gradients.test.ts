/**
 * The gradient kernels lib/backend/wasm/gradients.ts adds to wasm (Conv2DBackpropFilter,
 * DepthwiseConv2dNativeBackpropFilter and -Input) give the CPU backend's numbers within 1e-4 over
 * strides, paddings, dilations, multipliers and shapes, and so does Conv2DBackpropInput (its fast
 * path in fast-paths.ts): the SIMD kernels of kernels.wat and conv-input-grad.wat (tiles and their
 * tails, NaN included) and the paths that run where wasm has no SIMD.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { CONV2D_INPUT_GRAD_WITHOUT_SIMD } from '@/lib/backend/wasm/fast-paths';
import { depthwiseInputGrad, GRAD_KERNELS_WITHOUT_SIMD, trainingKernels } from '@/lib/backend/wasm/gradients';
import type { SimdBackend } from '@/lib/backend/wasm/heap';
import { maxAbsDiff, onBackend, switchBackend, tf } from '../../tf-setup';
import { caseArb, expectSameGrads, gradsOf, tailCases, TOL, values, type Case, type Pad } from './cases';

/**
 * A dilated kernel as the plain kernel it equals: (d−1) zeros between taps. The reference for
 * dilated gradients, which tfjs refuses to compute directly on any backend.
 */
function dilateKernel(w: tf.Tensor4D, dh: number, dw: number): tf.Tensor4D {
  const [kh, kw, a, b] = w.shape;
  const spread = tf.pad(tf.reshape(w, [kh, 1, kw, 1, a, b]), [[0, 0], [0, dh - 1], [0, 0], [0, dw - 1], [0, 0], [0, 0]]);
  return tf.slice(tf.reshape(spread, [kh * dh, kw * dw, a, b]) as tf.Tensor4D, [0, 0, 0, 0], [(kh - 1) * dh + 1, (kw - 1) * dw + 1, a, b]);
}

/**
 * Depthwise gradients with dilations equal CPU gradients of the zero-filled (dilated) kernel:
 * tfjs's gradient function refuses dilations > 1 on every backend, so the kernels are called
 * directly, as the engine would with a dilations attr. `c.cout` is the channel multiplier.
 */
async function expectDilatedDepthwiseGrads(c: Case): Promise<void> {
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
    const dx = depthwiseInputGrad(x.shape, dy, w, [c.sh, c.sw], [c.dh, c.dw], c.pad);
    // The registered kernels, called as the engine would with a dilations attr.
    const attrs = { strides: [c.sh, c.sw], dilations: [c.dh, c.dw], pad: c.pad };
    const dwKernel = tf.engine().runKernel('DepthwiseConv2dNativeBackpropFilter', { x, dy }, { ...attrs, filterShape: wShape } as unknown as tf.NamedAttrMap) as tf.Tensor;
    const dxKernel = tf.engine().runKernel('DepthwiseConv2dNativeBackpropInput', { dy, filter: w }, { ...attrs, inputShape: x.shape } as unknown as tf.NamedAttrMap) as tf.Tensor;
    return { dx: dx.arraySync(), dwKernel: dwKernel.arraySync(), dxKernel: dxKernel.arraySync() };
  }));
  expect(maxAbsDiff(got.dwKernel, ref.dw)).toBeLessThan(TOL);
  expect(maxAbsDiff(got.dx, ref.dx)).toBeLessThan(TOL);
  expect(maxAbsDiff(got.dxKernel, ref.dx)).toBeLessThan(TOL);
}

beforeAll(async () => {
  await switchBackend('cpu');
  await switchBackend('wasm');
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
    await fc.assert(fc.asyncProperty(caseArb({ dilation: true, maxOut: 3 }), expectDilatedDepthwiseGrads), { numRuns: 40 });
  });

  it('Conv2DBackpropFilter and -Input with 1, 3, 5, 6, 12, 13, 20 input × output channels (every tail of the SIMD tiles), strides, 1×1, paddings', async () => {
    for (const c of tailCases({ dilation: false })) {
      const op = (x: tf.Tensor4D, w: tf.Tensor4D) => tf.conv2d(x, w, [c.sh, c.sw], c.pad);
      await expectSameGrads(op, c, [c.kh, c.kw, c.cin, c.cout]);
    }
  });

  it('depthwise gradients with 1, 3, 5, 6, 12, 13, 20 channels, multipliers 1 and 2, strides and dilations', async () => {
    for (const c of tailCases({ dilation: true })) {
      // The output-channel count picks the multiplier: 1 mostly (the SIMD kernels), 2 for some.
      await expectDilatedDepthwiseGrads({ ...c, cout: c.cout % 2 === 0 ? 2 : 1 });
    }
  });

  it('1×1 convs (one tap over every pixel at stride 1: the input gradient writes dx without zeros first) at strides 1 and 2, wider channels', async () => {
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

  it('Conv2DBackpropFilter and -Input with wide channels: the SIMD tiles (4 × 8 channels, 4 pixels × 8 channels) and their tails, k×k, strides, non-square, batch 1', async () => {
    const arb = fc.record({
      n: fc.integer({ min: 1, max: 2 }), extraH: fc.integer({ min: 0, max: 5 }), extraW: fc.integer({ min: 0, max: 5 }),
      cin: fc.integer({ min: 1, max: 13 }), cout: fc.integer({ min: 1, max: 19 }),
      kh: fc.integer({ min: 1, max: 3 }), kw: fc.integer({ min: 1, max: 3 }), sh: fc.integer({ min: 1, max: 2 }), sw: fc.integer({ min: 1, max: 2 }),
      pad: fc.constantFrom<Pad>('same', 'valid'), seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
    });
    await fc.assert(fc.asyncProperty(arb, async (p) => {
      const c: Case = { n: p.n, h: p.kh + p.extraH, w: p.kw + p.extraW, cin: p.cin, kh: p.kh, kw: p.kw, cout: p.cout, sh: p.sh, sw: p.sw, dh: 1, dw: 1, pad: p.pad, seed: p.seed };
      const op = (x: tf.Tensor4D, w: tf.Tensor4D) => tf.conv2d(x, w, [p.sh, p.sw], p.pad);
      await expectSameGrads(op, c, [p.kh, p.kw, p.cin, p.cout]);
    }), { numRuns: 40 });
    // One image of 67 rows (the SIMD product runs over chunks of 64 rows) through a 1×1 filter.
    const c: Case = { n: 1, h: 1, w: 67, cin: 9, kh: 1, kw: 1, cout: 17, sh: 1, sw: 1, dh: 1, dw: 1, pad: 'valid', seed: 3 };
    await expectSameGrads((x, w) => tf.conv2d(x, w, 1, 'valid'), c, [1, 1, 9, 17]);
  });

  it('the gradients run as SIMD kernels under Node, and NaN reaches the same entries as on CPU', async () => {
    await switchBackend('wasm');
    expect(trainingKernels(tf.backend() as unknown as SimdBackend)).not.toBeNull();
    type Kernel = 'Conv2DBackpropFilter' | 'Conv2DBackpropInput' | 'DepthwiseConv2dNativeBackpropFilter' | 'DepthwiseConv2dNativeBackpropInput';
    // A NaN in x at pixel (0, 1, 2) of input channel `nanIn`, one in dy at its first pixel's output
    // channel `nanOut` and one in the filter at tap (2, 0), input channel cin − 1: the entries whose
    // sums include them are NaN, the others numbers, exactly where CPU has them.
    const nanPattern = (kernel: Kernel, backend: 'cpu' | 'wasm', cin: number, denseOut: number, nanIn: number, nanOut: number, mult: number) => onBackend(backend, () => tf.tidy(() => {
      const dense = kernel.startsWith('Conv2D');
      const cout = dense ? denseOut : cin * mult;
      const x = values(2 * 4 * 5 * cin, 11);
      x[(1 * 5 + 2) * cin + nanIn] = Number.NaN;
      const xs = tf.tensor4d(x, [2, 4, 5, cin]);
      const dy = values(2 * 2 * 3 * cout, 12);
      dy[nanOut] = Number.NaN;
      const dys = tf.tensor4d(dy, [2, 2, 3, cout]);
      const m = dense ? cout : mult;
      const w = values(3 * 3 * cin * m, 13);
      w[((2 * 3 + 0) * cin + cin - 1) * m] = Number.NaN;
      const filter = tf.tensor4d(w, [3, 3, cin, m]);
      const attrs = { strides: 2, pad: 'same', dataFormat: 'NHWC', dilations: 1, filterShape: [3, 3, cin, m], inputShape: xs.shape };
      const inputs: tf.NamedTensorMap = kernel.endsWith('Input') ? { dy: dys, filter } : { x: xs, dy: dys };
      const g = tf.engine().runKernel(kernel, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
      return Array.from(g.dataSync()).map((v) => Number.isNaN(v));
    }));
    // [cin, cout, NaN's input channel, NaN's output channel]: the tiles' tails (the last input and
    // output channels of 13 × 12, 3 × 20, 12 × 13, 1 × 5, 5 × 11) as well as their middles.
    for (const [cin, cout, nanIn, nanOut] of [[5, 11, 1, 3], [13, 12, 12, 11], [3, 20, 2, 17], [12, 13, 9, 12], [1, 5, 0, 4], [20, 3, 19, 1]] as const) {
      // Depthwise: channel multipliers 1 and 2 (cout's parity), the NaN in dy on a channel it has.
      const mult = 1 + (cout % 2);
      for (const kernel of ['Conv2DBackpropFilter', 'Conv2DBackpropInput', 'DepthwiseConv2dNativeBackpropFilter', 'DepthwiseConv2dNativeBackpropInput'] as const) {
        const args = [cin, cout, nanIn, kernel.startsWith('Conv2D') ? nanOut : nanOut % (cin * mult), mult] as const;
        const cpu = await nanPattern(kernel, 'cpu', ...args);
        expect(cpu.some(Boolean) && !cpu.every(Boolean)).toBe(true);
        expect(await nanPattern(kernel, 'wasm', ...args), `${kernel} ${cin}→${cout}`).toEqual(cpu);
      }
    }
  });

  it('the gradients without SIMD (what runs where wasm has none) equal CPU too', async () => {
    const without = [...GRAD_KERNELS_WITHOUT_SIMD, CONV2D_INPUT_GRAD_WITHOUT_SIMD];
    const simd = without.map((k) => tf.getKernel(k.kernelName, 'wasm')!);
    for (const k of without) { tf.unregisterKernel(k.kernelName, 'wasm'); tf.registerKernel(k); }
    try {
      await fc.assert(fc.asyncProperty(caseArb({ dilation: false, maxOut: 9 }), async (c) => {
        await expectSameGrads((x, w) => tf.conv2d(x, w, [c.sh, c.sw], c.pad), c, [c.kh, c.kw, c.cin, c.cout]);
        await expectSameGrads((x, w) => tf.depthwiseConv2d(x, w, [c.sh, c.sw], c.pad), c, [c.kh, c.kw, c.cin, 1 + (c.cout % 2)]);
      }), { numRuns: 25 });
    } finally {
      for (const k of simd) { tf.unregisterKernel(k.kernelName, 'wasm'); tf.registerKernel(k); }
    }
  });

  it('the SIMD filter gradients free what they allocate', async () => {
    await switchBackend('wasm');
    const c: Case = { n: 2, h: 9, w: 7, cin: 6, kh: 3, kw: 2, cout: 10, sh: 2, sw: 1, dh: 1, dw: 1, pad: 'same', seed: 5 };
    gradsOf((x, w) => tf.conv2d(x, w, [2, 1], 'same'), c, [3, 2, 6, 10]); // warm-up
    const before = tf.memory().numTensors;
    gradsOf((x, w) => tf.conv2d(x, w, [2, 1], 'same'), c, [3, 2, 6, 10]);
    gradsOf((x, w) => tf.depthwiseConv2d(x, w, [2, 1], 'valid'), c, [3, 2, 6, 1]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
