import { describe, expect, it } from 'vitest';
import { resnext, resnextWidth } from '@/lib/blocks/resnext';
import { resolveParams } from '@/lib/blocks/params';
import { analyse } from '@/lib/graph/analyse';
import { chain } from '../helpers';
import { expectExpandedAgrees } from './composite-check';

describe('ResNeXt block', () => {
  it('ResNeXt-50 32×4d layer1[0]: 64 → 256 on 56×56, 63,488 params, 194,281,472 MACs', () => {
    const a = analyse(chain([56, 56, 64], ['ResNeXt', { filters: 64, cardinality: 32, bottleneckWidth: 4 }]));
    expect(a.valid).toBe(true);
    const n = a.nodes.n1!;
    expect(n.outputShape).toEqual([56, 56, 256]);
    // Inner width W = ⌊64×4/64⌋×32 = 128.
    //   conv1 1×1 64×128          =  8,192   bn 2×128 = 256
    //   conv2 3×3 grouped 9×(128/32)×128 = 4,608   bn 2×128 = 256
    //   conv3 1×1 128×256         = 32,768   bn 2×256 = 512
    //   downsample 64×256         = 16,384   bn 2×256 = 512
    //   total 63,488; moving stats 256 + 256 + 512 + 512 = 1,536
    expect(n.paramCount).toEqual({ trainable: 63_488, nonTrainable: 1_536 });
    // 3,136 positions × (8,192 + 4,608 + 32,768 + 16,384 = 61,952) = 194,281,472
    expect(n.flops).toBe(194_281_472);
    const conv2 = n.innerGraph!.nodes.find((x) => x.id === 'conv2')!;
    expect(conv2.type).toBe('GroupedConv2D');
    expect(conv2.params).toMatchObject({ filters: 128, groups: 32, stride: 1, useBias: false });
  });

  it('ResNeXt-50 layer2[0]: filters 128, stride 2 on 56×56×256 → 28×28×512, 349,184 params', () => {
    const a = analyse(chain([56, 56, 256], ['ResNeXt', { filters: 128, stride: 2 }]));
    const n = a.nodes.n1!;
    expect(n.outputShape).toEqual([28, 28, 512]);
    // W = ⌊128×4/64⌋×32 = 256.
    //   conv1 256×256 = 65,536 + bn 512; conv2 9×(256/32)×256 = 18,432 + bn 512;
    //   conv3 256×512 = 131,072 + bn 1,024; downsample 256×512 = 131,072 + bn 1,024
    //   total 349,184; moving stats 512 + 512 + 1,024 + 1,024 = 3,072
    expect(n.paramCount).toEqual({ trainable: 349_184, nonTrainable: 3_072 });
    // conv1 runs at 56×56 (v1.5: the stride is on the 3×3): 3,136×65,536 = 205,520,896
    // conv2 784×18,432 = 14,450,688; conv3 784×131,072 = 102,760,448; downsample 784×131,072 = 102,760,448
    // total 425,492,480
    expect(n.flops).toBe(425_492_480);
  });

  it('computes the width as torchvision: ⌊planes×d/64⌋×cardinality, always a multiple of the groups', () => {
    expect(resnextWidth({ filters: 64, cardinality: 32, bottleneckWidth: 4 })).toBe(128);
    expect(resnextWidth({ filters: 512, cardinality: 32, bottleneckWidth: 4 })).toBe(1024);
    // 32×8d (ResNeXt-101 32×8d) doubles it: ⌊64×8/64⌋×32 = 256.
    expect(resnextWidth({ filters: 64, cardinality: 32, bottleneckWidth: 8 })).toBe(256);
    // Rounds down per path: ⌊40×4/64⌋ = ⌊2.5⌋ = 2 → 2×3 = 6 channels in 3 groups.
    expect(resnextWidth({ filters: 40, cardinality: 3, bottleneckWidth: 4 })).toBe(6);
    // Because W is a multiple of the cardinality, the grouped conv always splits its input evenly:
    // no ResNeXt params reach GroupedConv2D's "not divisible" error.
    const a = analyse(chain([8, 8, 10], ['ResNeXt', { filters: 40, cardinality: 3, bottleneckWidth: 4 }]));
    expect(a.errors).toEqual([]);
  });

  it('refuses an inner width of zero before building the grouped conv', () => {
    // ⌊8×4/64⌋ = ⌊0.5⌋ = 0 channels per path.
    const r = resolveParams(resnext as never, { filters: 8, cardinality: 32, bottleneckWidth: 4 });
    expect(r.ok).toBe(false);
    const a = analyse(chain([8, 8, 16], ['ResNeXt', { filters: 8 }]));
    expect(a.nodes.n1!.errors.join()).toMatch(/inner width ⌊8×4\/64⌋×32 is 0; raise Filters or Width per path/);
  });

  it('refuses a flat vector', () => {
    const a = analyse(chain([7, 7, 64], ['GlobalAvgPool'], ['ResNeXt', {}]));
    expect(a.nodes.n2!.errors.join()).toMatch(/ResNeXt block needs a feature map .* flat vector of 64/);
  });

  it('gives the same totals collapsed and expanded', () => {
    expectExpandedAgrees(chain([56, 56, 64], ['ResNeXt', { filters: 64 }], ['ResNeXt', { filters: 128, stride: 2 }]));
  });

  it('a whole ResNeXt-50 32×4d built from these blocks has torchvision\'s 25,028,904 params', () => {
    const stage = (filters: number, times: number, stride: number) => ['Repeat', { block: 'ResNeXt', times, params: { filters, stride } }] as const;
    const g = chain([224, 224, 3],
      ['Conv2D', { filters: 64, kernel: 7, stride: 2, useBias: false }], ['BatchNorm'], ['Activation', { fn: 'relu' }],
      ['MaxPool', { pool: 3, stride: 2, padding: 'same' }],
      stage(64, 3, 1), stage(128, 4, 2), stage(256, 6, 2), stage(512, 3, 2),
      ['GlobalAvgPool'], ['Dense', { units: 1000 }]);
    const { collapsed } = expectExpandedAgrees(g);
    expect(collapsed.totals.trainable).toBe(25_028_904);
    // docs/presets.md: 4.23 GMACs; within 2%.
    expect(Math.abs(collapsed.totals.flops / 4.23e9 - 1)).toBeLessThan(0.02);
  });

  it('describes itself and teaches its origin', () => {
    expect(resnext.describe({ filters: 128, cardinality: 32, bottleneckWidth: 4, stride: 2 })).toBe('ResNeXt 32×4d, 512, s2');
    expect(resnext.teach.origin).toMatch(/Xie, Girshick, Dollár, Tu & He.*2016/);
  });
});
