/** Feature maps and their statistics; finding nodes, composite blocks included. */
import { beforeAll, describe, expect, it } from 'vitest';
import { activations, channelStats, lastMapNode, nodeChoices, resolveNode } from '@/lib/viz';
import { getPreset } from '@/presets';
import { chain } from '../helpers';
import { switchBackend, tf } from '../tf-setup';
import { leakFree, rounded, setWeights, vizOf } from './helpers';

beforeAll(async () => {
  await switchBackend('cpu');
});

describe('activations', () => {
  /**
   * 2×2×1 image x = [[1, −2], [0, 3]] → 1×1 conv, 2 filters [1, −1] + ReLU:
   *   channel 0 = ReLU(x)  = [1, 0, 0, 3]: min 0, max 3, mean 1, zeros 2/4
   *   channel 1 = ReLU(−x) = [0, 2, 0, 0]: min 0, max 2, mean 0.5, zeros 3/4
   * held channels last: [1, 0,  0, 2,  0, 0,  3, 0].
   */
  it('gives every channel of a node, channels last, with min, max, mean and share of zeros', async () => {
    const vm = vizOf(chain([2, 2, 1], ['Conv2D', { filters: 2, kernel: 1, activation: 'relu', useBias: false }]));
    setWeights(vm, 'n1', [[1, -1], [1, 1, 1, 2]]);
    const a = await leakFree(() => activations(vm, 'n1', new Float32Array([1, -2, 0, 3])));
    expect(a.shape).toEqual([2, 2, 2]);
    expect(rounded(a.data)).toEqual([1, 0, 0, 2, 0, 0, 3, 0]);
    expect(a.channels).toEqual([
      { min: 0, max: 3, mean: 1, zeroShare: 0.5 },
      { min: 0, max: 2, mean: 0.5, zeroShare: 0.75 },
    ]);
    // The input node's "activation" is the image itself.
    const input = await leakFree(() => activations(vm, 'in', new Float32Array([1, -2, 0, 3])));
    expect(rounded(input.data)).toEqual([1, -2, 0, 3]);
    vm.model.dispose();
  });

  it('takes a tensor [H, W, C] or [1, H, W, C] and leaves it to the caller', async () => {
    const vm = vizOf(chain([2, 2, 1], ['Conv2D', { filters: 2, kernel: 1, activation: 'relu', useBias: false }]));
    setWeights(vm, 'n1', [[1, -1], [1, 1, 1, 2]]);
    const x3 = tf.tensor3d([1, -2, 0, 3], [2, 2, 1]);
    const x4 = tf.tensor4d([1, -2, 0, 3], [1, 2, 2, 1]);
    expect(rounded((await leakFree(() => activations(vm, 'n1', x3))).data)).toEqual([1, 0, 0, 2, 0, 0, 3, 0]);
    expect(rounded((await activations(vm, 'n1', x4)).data)).toEqual([1, 0, 0, 2, 0, 0, 3, 0]);
    expect(x3.isDisposed || x4.isDisposed).toBe(false);
    await expect(activations(vm, 'n1', tf.zeros([3, 3, 1]))).rejects.toThrow(/The image is 3×3×1; this model takes 2×2×1/);
    tf.dispose([x3, x4]);
    vm.model.dispose();
  });

  it('counts a dead channel as all zeros and a vector\'s units as channels', () => {
    expect(channelStats(new Float32Array([0, 5, 0, -1]), 2)).toEqual([
      { min: 0, max: 0, mean: 0, zeroShare: 1 },
      { min: -1, max: 5, mean: 2, zeroShare: 0 },
    ]);
  });
});

describe('nodes of a model with blocks (Mini ResNet)', () => {
  it('resolves a block to its output, a stage to its last block, and suggests close names', async () => {
    const vm = vizOf(getPreset('mini_resnet')!.build());
    expect(resolveNode(vm, 'layer2').primitive).toBe('layer2/residual2/relu');
    expect(resolveNode(vm, 'layer2/residual1').primitive).toBe('layer2/residual1/relu');
    expect(resolveNode(vm, 'layer2/residual1/downsample').type).toBe('Conv2D');
    expect(nodeChoices(vm)).toEqual(expect.arrayContaining(['layer1', 'layer1/residual1', 'layer1/residual1/conv1', 'fc']));
    expect(() => resolveNode(vm, 'layer9')).toThrow(/No node 'layer9' in this model; did you mean 'layer1', 'layer2', 'layer3'\?/);
    expect(lastMapNode(vm).primitive).toBe('layer3/residual2/relu');
    // A stage's activations are its last block's: 64 channels at 4×4, all ≥ 0 after the ReLU.
    const image = tf.tidy(() => tf.randomUniform([32, 32, 3], 0, 1, 'float32', 1));
    const a = await leakFree(() => activations(vm, 'layer3', image));
    expect(a.shape).toEqual([4, 4, 64]);
    expect(a.primitive).toBe('layer3/residual2/relu');
    expect(Math.min(...a.channels.map((c) => c.min))).toBe(0);
    const b = await activations(vm, 'layer3/residual2/relu', image);
    expect(Array.from(b.data)).toEqual(Array.from(a.data));
    image.dispose();
    vm.model.dispose();
  });
});
