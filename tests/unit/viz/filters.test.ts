/** Filters as pictures: the kernel as tfjs holds it, with what is needed to draw it. */
import { beforeAll, describe, expect, it } from 'vitest';
import { filters } from '@/lib/viz';
import { getPreset } from '@/presets';
import { chain } from '../helpers';
import { switchBackend } from '../tf-setup';
import { leakFree, rounded, setWeights, vizOf } from './helpers';

beforeAll(async () => {
  await switchBackend('cpu');
});

describe('filters', () => {
  it('gives a convolution\'s kernel [kh, kw, C_in, filters] and says whether it reads the image', async () => {
    const vm = vizOf(chain([4, 4, 1],
      ['Conv2D', { filters: 2, kernel: 2, activation: 'relu', useBias: false }],
      ['DepthwiseConv2D', { kernel: 1, depthMultiplier: 2, useBias: false }],
      ['GroupedConv2D', { filters: 4, kernel: 1, groups: 2, useBias: false }]));
    setWeights(vm, 'n1', [[1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 1, 2]]);
    const f = await leakFree(() => filters(vm, 'n1'));
    expect(f).toMatchObject({ shape: [2, 2, 1, 2], kind: 'conv', groups: 1, readsImage: true });
    // Filter 0 is every other value: [[1, 3], [5, 7]].
    expect(rounded(f.data)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    // Depthwise [1, 1, 2 channels, multiplier 2] → 4 one-channel filters, filter c·2 + m from channel c.
    setWeights(vm, 'n2', [[10, 11, 20, 21], [1, 1, 2, 2]]);
    const d = await filters(vm, 'n2');
    expect(d).toMatchObject({ shape: [1, 1, 1, 4], kind: 'depthwise', groups: 2, readsImage: false });
    expect(rounded(d.data)).toEqual([10, 11, 20, 21]);
    const g = await filters(vm, 'n3');
    expect(g).toMatchObject({ shape: [1, 1, 2, 4], kind: 'grouped', groups: 2 });
    vm.model.dispose();
  });

  it('refuses layers and blocks without filters, naming the block\'s convolutions', async () => {
    const vm = vizOf(getPreset('mini_resnet')!.build());
    await expect(filters(vm, 'fc')).rejects.toThrow(/fc is a Dense, which has no filters to draw; choose a convolution/);
    await expect(filters(vm, 'layer2/residual1')).rejects.toThrow(/is a block.*choose one of its convolutions: layer2\/residual1\/conv1, layer2\/residual1\/downsample, layer2\/residual1\/conv2/);
    expect((await filters(vm, 'conv1')).shape).toEqual([3, 3, 3, 16]);
    vm.model.dispose();
  });
});
