/**
 * The deconvnet, guided backpropagation and saliency on networks whose weights are set by hand,
 * against answers worked out here; the literal deconvnet (switches) against the gradient with the
 * max(g, 0) rule on LeNet-5; no tensor left behind.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { compareBackprojections, deconvChain, deconvnet, guidedBackprop, inputGradient, resolveNode, saliency } from '@/lib/viz';
import { getPreset } from '@/presets';
import { chain } from '../helpers';
import { maxAbsDiff, switchBackend, tf } from '../tf-setup';
import { leakFree, rounded, setWeights, vizOf } from './helpers';

beforeAll(async () => {
  await switchBackend('cpu');
});

/**
 * 5×5 image → conv 2×2 'valid' (kernel [[1, 0], [0, −1]], no bias) + ReLU → 2×2 max-pool.
 * The image has a 3 at (1, 1) and a 1 at (3, 3), zeros elsewhere, so the conv map is
 * out[y][x] = img[y][x] − img[y+1][x+1]:  −3 at (0, 0), 3 at (1, 1), −1 at (2, 2), 1 at (3, 3);
 * after ReLU only 3 at (1, 1) and 1 at (3, 3) are left. The pool's switches: window (0, 0) → (1, 1)
 * holding 3; window (1, 1) → (3, 3) holding 1; the two all-zero windows → their first element.
 */
function convReluPool() {
  const vm = vizOf(chain([5, 5, 1],
    ['Conv2D', { filters: 1, kernel: 2, padding: 'valid', activation: 'relu', useBias: false }],
    ['MaxPool', { pool: 2, stride: 2 }]));
  setWeights(vm, 'n1', [[1, 0, 0, -1], [2, 2, 1, 1]]);
  const image = new Float32Array(25);
  image[1 * 5 + 1] = 3;
  image[3 * 5 + 3] = 1;
  return { vm, image };
}

describe('the deconvnet', () => {
  it('unpools with the switches, rectifies, and applies the filter transposed (conv, ReLU, 2×2 max-pool)', async () => {
    const { vm, image } = convReluPool();
    const d = await leakFree(() => deconvnet(vm, image, { node: 'n2', channel: 0 }));
    expect(d.method).toBe('switches');
    // The strongest pooled value is 3, in window (0, 0).
    expect(d.target).toMatchObject({ kind: 'unit', y: 0, x: 0, value: 3 });
    // Unpooled: 3 back at its switch (1, 1) of the conv map; rectified: still 3; the transposed
    // 2×2 filter spreads it to image (1, 1)·1 and (2, 2)·(−1).
    const want = new Array(25).fill(0);
    want[1 * 5 + 1] = 3;
    want[2 * 5 + 2] = -3;
    expect(d.shape).toEqual([5, 5, 1]);
    expect(rounded(d.data)).toEqual(want);

    // The weaker unit (1, 1) (value 1, switch (3, 3)) projects to (3, 3) and (4, 4).
    const e = await deconvnet(vm, image, { node: 'n2', channel: 0, y: 1, x: 1 });
    const want2 = new Array(25).fill(0);
    want2[3 * 5 + 3] = 1;
    want2[4 * 5 + 4] = -1;
    expect(rounded(e.data)).toEqual(want2);
    vm.model.dispose();
  });

  it('gives the same projection as the gradient with ReLU\'s rule max(g, 0) (LeNet-5, every layer)', async () => {
    const vm = vizOf(getPreset('lenet5')!.build(), 3);
    const image = tf.tidy(() => tf.randomUniform([32, 32, 1], 0, 1, 'float32', 7));
    for (const node of ['c1', 's2', 'c3', 's4', 'f5', 'f6']) {
      const steps = deconvChain(vm, resolveNode(vm, node));
      expect(steps, node).not.toBeNull();
      const literal = await deconvnet(vm, image, { node, channel: 2 });
      expect(literal.method).toBe('switches');
      const viaGradient = await leakFree(() => deconvnet(vm, image, { node, channel: 2 }, { route: 'gradient' }));
      expect(viaGradient.method).toBe('gradient');
      expect(viaGradient.target).toEqual(literal.target);
      expect(maxAbsDiff(Array.from(literal.data), Array.from(viaGradient.data)), node).toBeLessThan(1e-4);
      expect(Math.max(...Array.from(literal.data, Math.abs)), node).toBeGreaterThan(0);
    }
    image.dispose();
    vm.model.dispose();
  });
});

/**
 * A 1×1×2 input (x = [1, 2]) → 1×1 conv with 3 filters + ReLU → 1×1 conv with 1 filter, linear.
 * W1 (input channel × filter) = [[1, 0, 1], [0, −1, 1]]: pre-activations h = [1, −2, 3] → ReLU [1, 0, 3].
 * W2 = [−1, 1, 2]: y = −1 + 0 + 6 = 5 (the value the projections are scaled by), so the signal
 * arriving at the ReLU is g = 5·W2 = [−5, 5, 10]. Unit 0 has x > 0 but g < 0, unit 1 x < 0 but g > 0:
 * - gradient  g·[x > 0]         = [−5, 0, 10] → W1·that = [5, 10]
 * - deconvnet max(g, 0)          = [0, 5, 10]  → [10, 5]
 * - guided    g·[x > 0]·[g > 0]  = [0, 0, 10]  → [10, 10]
 */
function twoMasks() {
  const vm = vizOf(chain([1, 1, 2],
    ['Conv2D', { filters: 3, kernel: 1, activation: 'relu', useBias: false }],
    ['Conv2D', { filters: 1, kernel: 1, activation: 'linear', useBias: false }]));
  setWeights(vm, 'n1', [[1, 0, 1, 0, -1, 1], [1, 1, 2, 3]]);
  setWeights(vm, 'n2', [[-1, 1, 2], [1, 1, 3, 1]]);
  return vm;
}

describe('guided backpropagation, the deconvnet and the gradient where the two masks differ', () => {
  it('each backward rule gives its own answer', async () => {
    const vm = twoMasks();
    const image = new Float32Array([1, 2]);
    const all = await leakFree(() => compareBackprojections(vm, image, { node: 'n2', channel: 0 }));
    expect(all.deconvnet.target).toMatchObject({ value: 5 });
    expect(rounded(all.gradient.data)).toEqual([5, 10]);
    expect(rounded(all.deconvnet.data)).toEqual([10, 5]);
    expect(rounded(all.guided.data)).toEqual([10, 10]);
    expect(all.deconvnet.method).toBe('switches');
    // Each alone agrees with the side-by-side call.
    expect(rounded((await guidedBackprop(vm, image, { node: 'n2', channel: 0 })).data)).toEqual([10, 10]);
    expect(rounded((await inputGradient(vm, image, { node: 'n2', channel: 0 })).data)).toEqual([5, 10]);
    vm.model.dispose();
  });

  it('rules replace the ReLU only while a view runs: the model predicts as before afterwards', async () => {
    const vm = twoMasks();
    const x = tf.tensor4d([1, 2], [1, 1, 1, 2]);
    await guidedBackprop(vm, x, { node: 'n2', channel: 0 });
    const y = vm.model.predict(x) as tf.Tensor;
    expect(rounded(y.dataSync())).toEqual([5]);
    // And its own gradient is the true one again (fused ReLU restored).
    const g = tf.grad((z: tf.Tensor) => tf.sum(vm.model.apply(z) as tf.Tensor))(x);
    expect(rounded(g.dataSync())).toEqual([1, 2]); // W1·(W2·[x > 0]) = [1·(−1) + 1·2, −1·1·0 + 1·2] = [1, 2]
    tf.dispose([x, y, g]);
    vm.model.dispose();
  });
});

describe('gradients with respect to the input only', () => {
  it('never compute a kernel\'s gradient (Conv2D and Dense run as plain ops while a view runs)', async () => {
    const vm = vizOf(getPreset('lenet5')!.build());
    const image = new Float32Array(32 * 32).map((_, i) => (i % 7) / 7);
    const info = await tf.profile(async () => { await guidedBackprop(vm, image, { class: 3 }); });
    const kernels = new Set(info.kernelNames);
    expect(kernels).toContain('Conv2DBackpropInput');
    expect(kernels).not.toContain('Conv2DBackpropFilter');
    vm.model.dispose();
  });
});

describe('saliency', () => {
  /**
   * 1×1×2 input → Flatten → Dense 2 softmax with V = [[1, −1], [2, 0]] (input × class), no bias.
   * Logits z = [x0 + 2·x1, −x0]; for x = [1, 1]: z = [3, −1], class 0 predicted.
   * ∂z0/∂x = [1, 2] (before the softmax); the softmax's own gradient would be p0·(1−p0)·[1, 2] + …,
   * much smaller: p0 = 1/(1 + e^−4) = 0.982.
   */
  it('is the gradient of the class score before the softmax, max |g| over channels', async () => {
    const vm = vizOf(chain([1, 1, 2], ['Flatten'], ['Dense', { units: 2, activation: 'softmax', useBias: false }]));
    setWeights(vm, 'n2', [[1, -1, 2, 0], [2, 2]]);
    const s = await leakFree(() => saliency(vm, new Float32Array([1, 1])));
    expect(s.class).toBe(0);
    expect(s.score).toBeCloseTo(3, 5);
    expect(rounded(s.gradient.data)).toEqual([1, 2]);
    expect(s.map.shape).toEqual([1, 1]);
    expect(rounded(s.map.data)).toEqual([2]);
    expect(s.probabilities[0]).toBeCloseTo(1 / (1 + Math.exp(-4)), 5);
    // Class 1: ∂z1/∂x = [−1, 0]; the map takes the magnitude.
    const s1 = await saliency(vm, new Float32Array([1, 1]), { class: 1 });
    expect(rounded(s1.gradient.data)).toEqual([-1, 0]);
    expect(rounded(s1.map.data)).toEqual([1]);
    vm.model.dispose();
  });

  it('refuses a class out of range, a channel out of range and an unknown node, in words', async () => {
    const dense = vizOf(chain([1, 1, 2], ['Flatten'], ['Dense', { units: 2, activation: 'softmax' }]));
    await expect(saliency(dense, new Float32Array([1, 1]), { class: 2 })).rejects.toThrow(/Class 2 is out of range: this model has 2 classes, 0 to 1/);
    dense.model.dispose();
    const { vm, image } = convReluPool();
    await expect(deconvnet(vm, image, { node: 'n2', channel: 1 })).rejects.toThrow(/Channel 1 is out of range: n2 has 1 channel, 0 to 0/);
    await expect(deconvnet(vm, image, { node: 'n3', channel: 0 })).rejects.toThrow(/No node 'n3'.*did you mean/);
    await expect(deconvnet(vm, new Float32Array(3), { node: 'n2', channel: 0 })).rejects.toThrow(/3 values; this model takes 5×5×1 = 25/);
    vm.model.dispose();
  });
});
