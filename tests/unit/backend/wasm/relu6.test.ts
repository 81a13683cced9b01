/**
 * The fused ReLU6 of lib/backend/wasm/relu6.ts: its kernels (SIMD and the JavaScript twins) give
 * what tfjs-layers' minimum(6, relu(x)) and its gradient give on the CPU backend, NaN, ±Infinity
 * and the ties at 0 and 6 included; the 'relu6' activation uses them on wasm only; nothing leaks.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { RELU6, relu6GradInto, relu6Into } from '@/lib/backend/wasm/relu6';
import { onBackend, switchBackend, tf } from '../../tf-setup';
import { values } from './cases';

beforeAll(async () => {
  await switchBackend('cpu');
  await switchBackend('wasm');
});

/** NaN as a string, so that toEqual compares it like any value (−0 and 0 compare equal after +0). */
const plain = (xs: Iterable<number>) => Array.from(xs, (v) => (Number.isNaN(v) ? 'NaN' : v + 0));

/** The 'relu6' activation's output and its gradient for the loss Σ y·dy, on the active backend. */
function activation(x: number[], dy: number[], shape: number[]) {
  return tf.tidy(() => {
    const act = tf.layers.activation({ activation: 'relu6' });
    const xs = tf.tensor(x, shape);
    const dys = tf.tensor(dy, shape);
    const y = act.apply(xs) as tf.Tensor;
    const dx = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(act.apply(t) as tf.Tensor, dys)))(xs);
    return { y: plain(y.dataSync()), dx: plain(dx.dataSync()) };
  });
}

describe('fused ReLU6', () => {
  it('by hand: values, ties at 0 and 6, ±Infinity and NaN, as tfjs-layers on CPU gives them', async () => {
    const x = [-2, -0, 0, 0.5, 5.999, 6, 6.5, Infinity, -Infinity, Number.NaN, 3];
    const dy = [1, 1, 1, 2, 3, 4, 5, 6, 7, 8, Number.NaN];
    // y clamps to [0, 6]; the gradient passes dy only where 0 < x < 6, is NaN where x or dy is.
    const expected = {
      y: [0, 0, 0, 0.5, Math.fround(5.999), 6, 6, 6, 0, 'NaN', 3],
      dx: [0, 0, 0, 2, 3, 0, 0, 0, 0, 'NaN', 'NaN'],
    };
    expect(await onBackend('cpu', () => activation(x, dy, [11]))).toEqual(expected);
    expect(await onBackend('wasm', () => activation(x, dy, [11]))).toEqual(expected);
    // The JavaScript twins (where wasm has no SIMD) say the same.
    const y = new Float32Array(11);
    const dx = new Float32Array(11);
    relu6Into(new Float32Array(x), y);
    relu6GradInto(new Float32Array(x), new Float32Array(dy), dx);
    expect({ y: plain(y), dx: plain(dx) }).toEqual(expected);
  });

  it('equals CPU over random shapes (SIMD groups of 4 and the tail), values spread over [−8, 8] with ties', async () => {
    const arb = fc.record({
      shape: fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 4 }),
      seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
    });
    await fc.assert(fc.asyncProperty(arb, async (p) => {
      const size = p.shape.reduce((a, b) => a * b, 1);
      // A quarter of the values on the grid of 0.5 (0 and 6 among them), one in 9 NaN.
      const x = values(size, p.seed).map((v, i) => (i % 9 === 4 ? Number.NaN : i % 4 === 0 ? Math.round(v * 16) / 2 : v * 8));
      const dy = values(size, p.seed + 1);
      const cpu = await onBackend('cpu', () => activation(x, dy, p.shape));
      const wasm = await onBackend('wasm', () => activation(x, dy, p.shape));
      expect(wasm).toEqual(cpu);
    }), { numRuns: 60 });
  });

  it('runs as the fused kernel on wasm only, and leaks nothing', async () => {
    const kernels = async (backend: 'cpu' | 'wasm') => {
      await switchBackend(backend);
      const x = tf.tensor1d([-1, 2, 7]);
      const info = await tf.profile(() => tf.grad((t: tf.Tensor) => tf.sum(tf.layers.activation({ activation: 'relu6' }).apply(t) as tf.Tensor))(x));
      x.dispose();
      (info.result as tf.Tensor).dispose();
      return info.kernelNames;
    };
    expect(await kernels('wasm')).toEqual(expect.arrayContaining([RELU6, 'LayerwiseRelu6Grad']));
    expect(await kernels('wasm')).not.toContain('Minimum');
    const cpu = await kernels('cpu');
    expect(cpu).toContain('Minimum');
    expect(cpu).not.toContain(RELU6);
    await switchBackend('wasm');
    const x = tf.tensor4d(values(2 * 3 * 5 * 7, 4).map((v) => v * 8), [2, 3, 5, 7]);
    activation(Array.from(x.dataSync()), values(210, 5), [2, 3, 5, 7]);
    const before = tf.memory().numTensors;
    activation(Array.from(x.dataSync()), values(210, 5), [2, 3, 5, 7]);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});
