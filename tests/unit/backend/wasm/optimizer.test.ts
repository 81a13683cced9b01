/**
 * The fused optimizer updates of lib/backend/wasm/optimizer.ts as kernels: the SIMD kernels
 * (optimizer.wat) and their JavaScript twins give the same float32 values, bit for bit, over sizes
 * that are and are not multiples of 4, with NaN and ±Infinity among the inputs. That the
 * optimizers built on them equal tfjs' own on the CPU backend is tests/unit/train/optimizers.test.ts.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ADAM_UPDATE, adamInto, MOMENTUM_UPDATE, momentumInto, SGD_UPDATE, sgdInto, type AdamCoefficients, type MomentumCoefficients,
} from '@/lib/backend/wasm/optimizer';
import { switchBackend, tf } from '../../tf-setup';
import { values } from './cases';

beforeAll(async () => {
  await switchBackend('wasm');
});

const plain = (xs: Iterable<number>) => Array.from(xs, (v) => (Number.isNaN(v) ? 'NaN' : v));

/** n values from a seed, some of them NaN, ±Infinity, 0 or large when `special`. */
function inputs(n: number, seed: number, special: boolean, positive = false): Float32Array {
  return Float32Array.from(values(n, seed), (v, i) => {
    const x = positive ? Math.abs(v) : v;
    if (!special) return x;
    const pick = (i * 7 + seed) % 17;
    return pick === 2 ? Number.NaN : pick === 5 ? Infinity : pick === 9 && !positive ? -Infinity : pick === 12 ? 0 : pick === 14 ? x * 1e5 : x;
  });
}

/** Runs `kernel` on wasm on 1-D tensors of `arrays`; returns its outputs as plain arrays. */
function run(kernel: string, arrays: Record<string, Float32Array>, attrs: object): (number | string)[][] {
  return tf.tidy(() => {
    const named = Object.fromEntries(Object.entries(arrays).map(([k, a]) => [k, tf.tensor1d(a)]));
    const out = tf.engine().runKernel(kernel, named, attrs as tf.NamedAttrMap) as tf.Tensor | tf.Tensor[];
    return (Array.isArray(out) ? out : [out]).map((t) => plain(t.dataSync()));
  });
}

const f = Math.fround;
const caseArb = fc.record({ n: fc.integer({ min: 1, max: 41 }), seed: fc.integer({ min: 1, max: 2 ** 20 }), special: fc.boolean() });

describe('fused optimizer kernels: SIMD equals the JavaScript twins', () => {
  it('Adam', () => {
    fc.assert(fc.property(caseArb, fc.constantFrom(1, 2, 7, 100), ({ n, seed, special }, t) => {
      const k: AdamCoefficients = {
        beta1: f(0.9), oneMinusBeta1: f(1 - 0.9), beta2: f(0.999), oneMinusBeta2: f(1 - 0.999),
        oneMinusAccBeta1: f(1 - f(0.9 ** t)), oneMinusAccBeta2: f(1 - f(0.999 ** t)), epsilon: f(1e-7), negLearningRate: f(-0.01),
      };
      const [w, g, m, v] = [inputs(n, seed, special), inputs(n, seed + 1, special), inputs(n, seed + 2, special), inputs(n, seed + 3, special, true)];
      const out = [new Float32Array(n), new Float32Array(n), new Float32Array(n)] as const;
      adamInto(w, g, m, v, ...out, k);
      expect(run(ADAM_UPDATE, { value: w, gradient: g, m, v }, k)).toEqual(out.map(plain));
    }), { numRuns: 60 });
  });

  it('momentum, with and without Nesterov', () => {
    fc.assert(fc.property(caseArb, fc.boolean(), ({ n, seed, special }, nesterov) => {
      const k: MomentumCoefficients = { momentum: f(0.9), negLearningRate: f(-0.05), nesterov };
      const [w, g, a] = [inputs(n, seed, special), inputs(n, seed + 1, special), inputs(n, seed + 2, special)];
      const out = [new Float32Array(n), new Float32Array(n)] as const;
      momentumInto(w, g, a, ...out, k);
      expect(run(MOMENTUM_UPDATE, { value: w, gradient: g, accumulation: a }, k)).toEqual(out.map(plain));
    }), { numRuns: 60 });
  });

  it('plain SGD', () => {
    fc.assert(fc.property(caseArb, ({ n, seed, special }) => {
      const [w, g] = [inputs(n, seed, special), inputs(n, seed + 1, special)];
      const out = new Float32Array(n);
      sgdInto(w, g, out, f(-0.1));
      expect(run(SGD_UPDATE, { value: w, gradient: g }, { negLearningRate: f(-0.1) })).toEqual([plain(out)]);
    }), { numRuns: 40 });
  });

  it('by hand: one Adam value, one momentum value', () => {
    // Adam at t = 1 from m = v = 0, g = 0.5, w = 1, lr 0.1: m' = 0.05, v' = 0.00025, m̂ = 0.5, v̂ = 0.25,
    // w' = 1 − 0.1·0.5/(0.5 + 1e-7) ≈ 0.9 (0.9000007: 1 − β1 rounds to 0.099999964 in float32).
    const k: AdamCoefficients = {
      beta1: f(0.9), oneMinusBeta1: f(0.1), beta2: f(0.999), oneMinusBeta2: f(1 - 0.999),
      oneMinusAccBeta1: f(1 - f(0.9)), oneMinusAccBeta2: f(1 - f(0.999)), epsilon: f(1e-7), negLearningRate: f(-0.1),
    };
    const [w1, m1, v1] = run(ADAM_UPDATE, { value: Float32Array.of(1), gradient: Float32Array.of(0.5), m: Float32Array.of(0), v: Float32Array.of(0) }, k);
    expect(w1![0]).toBeCloseTo(0.9, 5);
    expect(m1![0]).toBeCloseTo(0.05, 7);
    expect(v1![0]).toBeCloseTo(0.00025, 9);
    // Momentum 0.9, lr 0.1: a' = 0.9·2 + 1 = 2.8, w' = 1 − 0.28 = 0.72; Nesterov: w' = 1 − 0.1·(1 + 2.8·0.9) = 0.648.
    const one = { value: Float32Array.of(1), gradient: Float32Array.of(1), accumulation: Float32Array.of(2) };
    const [w2, a2] = run(MOMENTUM_UPDATE, one, { momentum: f(0.9), negLearningRate: f(-0.1), nesterov: false });
    expect(w2![0]).toBeCloseTo(0.72, 6);
    expect(a2![0]).toBeCloseTo(2.8, 6);
    expect(run(MOMENTUM_UPDATE, one, { momentum: f(0.9), negLearningRate: f(-0.1), nesterov: true })[0]![0]).toBeCloseTo(0.648, 6);
  });
});
