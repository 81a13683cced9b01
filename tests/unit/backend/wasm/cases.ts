/**
 * What the wasm kernel tests share: seeded values, random convolution cases, and the comparison of
 * gradients on the CPU backend and on wasm (with lib/backend/wasm's patches).
 */
import { expect } from 'vitest';
import fc from 'fast-check';
import { maxAbsDiff, onBackend, tf } from '../../tf-setup';

/** How close wasm must come to the CPU backend, element by element. */
export const TOL = 1e-4;
export type Pad = 'same' | 'valid';

/** Deterministic values in [-1, 1) from a seed (xorshift), so a failing case can be re-run. */
export function values(n: number, seed: number): number[] {
  let s = (seed >>> 0) || 1;
  const out: number[] = new Array(n);
  for (let i = 0; i < n; i++) {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    out[i] = (s / 2 ** 32) * 2 - 1;
  }
  return out;
}

export interface Case {
  n: number; h: number; w: number; cin: number; kh: number; kw: number;
  cout: number; sh: number; sw: number; dh: number; dw: number; pad: Pad; seed: number;
}

/**
 * Random conv cases. 'valid' needs the (dilated) window to fit, so H and W are drawn as the
 * window's extent plus 0–6. Strides and dilations are never both above 1 (tfjs refuses it).
 */
export function caseArb(opts: { dilation: boolean; maxOut: number }): fc.Arbitrary<Case> {
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
export function gradsOf(op: (x: tf.Tensor4D, w: tf.Tensor4D) => tf.Tensor4D, c: Case, wShape: [number, number, number, number]) {
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
export async function expectSameGrads(op: (x: tf.Tensor4D, w: tf.Tensor4D) => tf.Tensor4D, c: Case, wShape: [number, number, number, number]): Promise<void> {
  const cpu = await onBackend('cpu', () => gradsOf(op, c, wShape));
  const wasm = await onBackend('wasm', () => gradsOf(op, c, wShape));
  expect(maxAbsDiff(wasm.dw, cpu.dw)).toBeLessThan(TOL);
  expect(maxAbsDiff(wasm.dx, cpu.dx)).toBeLessThan(TOL);
}

/**
 * Channel counts that are not multiples of 8 and between them reach every tail of the SIMD tiles
 * (8 channels, then 4, then the last 1–3; 4 input channels with 1–3 real ones): 1, 3, 5, 6, 12, 13, 20.
 */
export const TAIL_CHANNELS = [1, 3, 5, 6, 12, 13, 20] as const;

/**
 * Every pairing of TAIL_CHANNELS (input × output channels; for depthwise, `cout` is read as the
 * multiplier by the caller), each with a kernel size, stride or dilation, padding and batch taken
 * in turn, so that each channel count meets strided, dilated (with `dilation`), 1×1, 'same' and
 * 'valid' windows somewhere in the list. Deterministic: a failure names its case.
 */
export function tailCases(opts: { dilation: boolean }): Case[] {
  const kernels: [number, number][] = [[3, 3], [1, 1], [2, 3], [3, 2]];
  const out: Case[] = [];
  let i = 0;
  for (const cin of TAIL_CHANNELS) {
    for (const cout of TAIL_CHANNELS) {
      const [kh, kw] = kernels[i % kernels.length]!;
      const mode = i % 3; // 0: plain, 1: strided, 2: dilated (or strided 2×1 without dilation)
      const [sh, sw] = mode === 1 ? [2, 2] : mode === 2 && !opts.dilation ? [2, 1] : [1, 1];
      const [dh, dw] = mode === 2 && opts.dilation ? [2, 1 + (i % 2)] : [1, 1];
      const eh = (kh - 1) * dh + 1;
      const ew = (kw - 1) * dw + 1;
      const pad: Pad = i % 2 === 0 ? 'same' : 'valid';
      out.push({ n: 1 + (i % 2), h: eh + (i % 5), w: ew + ((i * 3) % 7), cin, kh, kw, cout, sh, sw, dh, dw, pad, seed: 100 + i });
      i++;
    }
  }
  return out;
}
