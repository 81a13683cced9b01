/** Grad-CAM on a two-channel map whose weights are set by hand, worked out here. */
import { beforeAll, describe, expect, it } from 'vitest';
import { gradCam } from '@/lib/viz';
import { getPreset } from '@/presets';
import { chain } from '../helpers';
import { switchBackend, tf } from '../tf-setup';
import { leakFree, rounded, setWeights, vizOf } from './helpers';

beforeAll(async () => {
  await switchBackend('cpu');
});

/**
 * 2×2×1 image x → 1×1 conv, 2 filters [1, −1], linear: A⁰ = x, A¹ = −x → global average pool →
 * Dense 2 softmax with V = [[2, 0], [1, 1]] (channel × class), no bias.
 * Class score y^c = Σ_k V[k][c]·mean(A^k), so ∂y^c/∂A^k_ij = V[k][c]/4 and α_k = V[k][c]/4:
 *   class 0: α = [0.5, 0.25], L = ReLU(0.5·x − 0.25·x) = ReLU(0.25·x)
 *   class 1: α = [0, 0.25],   L = ReLU(−0.25·x)
 * With x = [[1, 2], [3, −1]]: class 0 → [[0.25, 0.5], [0.75, 0]], class 1 → [[0, 0], [0, 0.25]].
 * Scores: mean(x) = 1.25, y⁰ = 2·1.25 + 1·(−1.25) = 1.25, y¹ = −1.25: class 0 is predicted.
 */
function twoChannelMap() {
  const vm = vizOf(chain([2, 2, 1],
    ['Conv2D', { filters: 2, kernel: 1, activation: 'linear', useBias: false }],
    ['GlobalAvgPool'],
    ['Dense', { units: 2, activation: 'softmax', useBias: false }]));
  setWeights(vm, 'n1', [[1, -1], [1, 1, 1, 2]]);
  setWeights(vm, 'n3', [[2, 0, 1, 1], [2, 2]]);
  return vm;
}

describe('Grad-CAM', () => {
  it('weighs each channel by its mean gradient and keeps the positive part', async () => {
    const vm = twoChannelMap();
    const image = new Float32Array([1, 2, 3, -1]);
    const c0 = await leakFree(() => gradCam(vm, image));
    expect(c0.node).toBe('n1'); // the last map with more than one position
    expect(c0.class).toBe(0);
    expect(c0.score).toBeCloseTo(1.25, 5);
    expect(rounded(c0.weights)).toEqual([0.5, 0.25]);
    expect(c0.map.shape).toEqual([2, 2]);
    expect(rounded(c0.map.data)).toEqual([0.25, 0.5, 0.75, 0]);
    // The input is 2×2 too: resizing changes nothing.
    expect(rounded(c0.upsampled.data)).toEqual([0.25, 0.5, 0.75, 0]);

    const c1 = await leakFree(() => gradCam(vm, image, { class: 1, node: 'n1' }));
    expect(rounded(c1.weights)).toEqual([0, 0.25]);
    expect(rounded(c1.map.data)).toEqual([0, 0, 0, 0.25]);
    vm.model.dispose();
  });

  it('finds LeNet-5\'s last block (s4, 5×5×16), resizes to 32×32 and leaves the model as it was', async () => {
    const vm = vizOf(getPreset('lenet5')!.build());
    const image = tf.tidy(() => tf.randomUniform([32, 32, 1], 0, 1, 'float32', 3));
    const before = (vm.model.predict(image.reshape([1, 32, 32, 1])) as tf.Tensor);
    const cam = await leakFree(() => gradCam(vm, image));
    expect(cam.node).toBe('s4');
    expect(cam.map.shape).toEqual([5, 5]);
    expect(cam.upsampled.shape).toEqual([32, 32]);
    expect(cam.weights.length).toBe(16);
    expect(Math.min(...cam.map.data)).toBeGreaterThanOrEqual(0);
    const after = (vm.model.predict(image.reshape([1, 32, 32, 1])) as tf.Tensor);
    expect(rounded(after.dataSync())).toEqual(rounded(before.dataSync()));
    tf.dispose([image, before, after]);
    vm.model.dispose();
  });

  it('refuses a vector node and the input, in words', async () => {
    const vm = twoChannelMap();
    await expect(gradCam(vm, new Float32Array(4), { node: 'n2' })).rejects.toThrow(/Grad-CAM needs a feature map; n2 is a vector of 2 values/);
    await expect(gradCam(vm, new Float32Array(4), { node: 'in' })).rejects.toThrow(/n?in is the input/);
    vm.model.dispose();
  });
});
