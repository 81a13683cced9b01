/**
 * The gradient kernels lib/backend/wasm/gradients.ts adds to wasm (Conv2DBackpropFilter,
 * DepthwiseConv2dNativeBackpropFilter and -Input) give the CPU backend's numbers within 1e-4 over
 * strides, paddings, dilations, multipliers and shapes.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { depthwiseInputGrad } from '@/lib/backend/wasm/gradients';
import { maxAbsDiff, onBackend, switchBackend, tf } from '../../tf-setup';
import { caseArb, expectSameGrads, TOL, values, type Case, type Pad } from './cases';

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
        const dx = depthwiseInputGrad(x.shape, dy, w, [c.sh, c.sw], [c.dh, c.dw], c.pad);
        // The registered kernels (the filter gradient is a loop over wasm's memory), called as the
        // engine would with a dilations attr.
        const attrs = { strides: [c.sh, c.sw], dilations: [c.dh, c.dw], pad: c.pad };
        const dwKernel = tf.engine().runKernel('DepthwiseConv2dNativeBackpropFilter', { x, dy }, { ...attrs, filterShape: wShape } as unknown as tf.NamedAttrMap) as tf.Tensor;
        const dxKernel = tf.engine().runKernel('DepthwiseConv2dNativeBackpropInput', { dy, filter: w }, { ...attrs, inputShape: x.shape } as unknown as tf.NamedAttrMap) as tf.Tensor;
        return { dx: dx.arraySync(), dwKernel: dwKernel.arraySync(), dxKernel: dxKernel.arraySync() };
      }));
      expect(maxAbsDiff(got.dwKernel, ref.dw)).toBeLessThan(TOL);
      expect(maxAbsDiff(got.dx, ref.dx)).toBeLessThan(TOL);
      expect(maxAbsDiff(got.dxKernel, ref.dx)).toBeLessThan(TOL);
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
});
