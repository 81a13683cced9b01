import { describe, expect, it } from 'vitest';
import { denseBlock } from '@/lib/blocks/denseblock';
import { analyse } from '@/lib/graph/analyse';
import { chain } from '../helpers';
import { expectExpandedAgrees } from './composite-check';

describe('Dense block', () => {
  it('one layer, worked through: 8×8×4, k = 2, bottleneck 4 → 8×8×6', () => {
    const a = analyse(chain([8, 8, 4], ['DenseBlock', { layers: 1, growthRate: 2, bottleneck: 4 }]));
    expect(a.valid).toBe(true);
    const n = a.nodes.n1!;
    // 4 input channels + 1 layer × k = 2 → 6.
    expect(n.outputShape).toEqual([8, 8, 6]);
    // BN 2×4 = 8; conv 1×1 4×(4×2 = 8) = 32; BN 2×8 = 16; conv 3×3 9×8×2 = 144 → 200.
    // Moving stats 8 + 16 = 24.
    expect(n.paramCount).toEqual({ trainable: 200, nonTrainable: 24 });
    // 64 positions × (32 + 144) = 11,264
    expect(n.flops).toBe(11_264);
  });

  it('DenseNet-121 denseblock1: 6 layers, k = 32 on 56×56×64 → 56×56×256, 335,040 params', () => {
    const a = analyse(chain([56, 56, 64], ['DenseBlock', { layers: 6, growthRate: 32, bottleneck: 4 }]));
    const n = a.nodes.n1!;
    // 64 + 6×32 = 256 channels.
    expect(n.outputShape).toEqual([56, 56, 256]);
    // Layer i (0..5) sees C_i = 64 + 32i channels:
    //   BN 2×C_i + conv1 C_i×128 + BN 2×128 + conv2 9×128×32 = 130×C_i + 256 + 36,864
    //   Σ C_i = 6×64 + 32×(0+1+…+5 = 15) = 384 + 480 = 864
    //   trainable = 130×864 + 6×37,120 = 112,320 + 222,720 = 335,040
    //   non-trainable = 2×864 + 6×256 = 1,728 + 1,536 = 3,264
    expect(n.paramCount).toEqual({ trainable: 335_040, nonTrainable: 3_264 });
    // MACs = 3,136 × Σ(128×C_i + 36,864) = 3,136 × (110,592 + 221,184 = 331,776) = 1,040,449,536
    expect(n.flops).toBe(1_040_449_536);
    // Six 3×3 convs in a row on the longest path: 1 + 6×2 = 13.
    expect(n.receptiveField).toEqual({ size: 13, jump: 1 });
  });

  it('concatenates each new map onto all earlier ones, in order', () => {
    const a = analyse(chain([8, 8, 4], ['DenseBlock', { layers: 3, growthRate: 2 }]));
    const n = a.nodes.n1!;
    const sub = n.innerGraph!;
    // Layer 1 reads the block input; layer 2 reads [input, new1]; layer 3 reads [input, new1, new2].
    expect(n.inner!.nodes.layer1_bn1!.inputShapes).toEqual([[8, 8, 4]]);
    expect(n.inner!.nodes.layer2_bn1!.inputShapes).toEqual([[8, 8, 6]]);
    expect(n.inner!.nodes.layer3_bn1!.inputShapes).toEqual([[8, 8, 8]]);
    // Earlier maps on port 0, the new k channels on port 1, so the input channels stay first.
    const cat3 = sub.edges.filter((e) => e.target === 'layer3_concat').sort((x, y) => x.targetPort - y.targetPort);
    expect(cat3.map((e) => e.source)).toEqual(['layer2_concat', 'layer3_conv2']);
    expect(sub.inputs[0]).toEqual([{ node: 'layer1_bn1', port: 0 }, { node: 'layer1_concat', port: 0 }]);
    expect(sub.output).toBe('layer3_concat');
    expect(n.outputShape).toEqual([8, 8, 10]);
  });

  it('gives the same totals collapsed and expanded', () => {
    expectExpandedAgrees(chain([56, 56, 64], ['DenseBlock', { layers: 6 }], ['Transition', {}], ['DenseBlock', { layers: 3, growthRate: 12, bottleneck: 2 }]));
  });

  it('a whole DenseNet-121 built from these blocks has torchvision\'s 7,978,856 params', () => {
    const g = chain([224, 224, 3],
      ['Conv2D', { filters: 64, kernel: 7, stride: 2, useBias: false }], ['BatchNorm'], ['Activation', { fn: 'relu' }],
      ['MaxPool', { pool: 3, stride: 2, padding: 'same' }],
      ['DenseBlock', { layers: 6 }], ['Transition', {}],
      ['DenseBlock', { layers: 12 }], ['Transition', {}],
      ['DenseBlock', { layers: 24 }], ['Transition', {}],
      ['DenseBlock', { layers: 16 }],
      ['BatchNorm'], ['Activation', { fn: 'relu' }], ['GlobalAvgPool'], ['Dense', { units: 1000 }]);
    const { collapsed } = expectExpandedAgrees(g);
    expect(collapsed.totals.trainable).toBe(7_978_856);
    // Keras' total, 8,062,504, is this plus the BN moving statistics: 8,062,504 − 7,978,856 = 83,648.
    expect(collapsed.totals.nonTrainable).toBe(83_648);
    // docs/presets.md: 2.834 GMACs.
    expect(Math.abs(collapsed.totals.flops / 2.834e9 - 1)).toBeLessThan(0.02);
  });

  it('refuses a flat vector and out-of-range params', () => {
    let a = analyse(chain([7, 7, 64], ['GlobalAvgPool'], ['DenseBlock', {}]));
    expect(a.nodes.n2!.errors.join()).toMatch(/Dense block needs a feature map .* flat vector of 64/);
    a = analyse(chain([8, 8, 4], ['DenseBlock', { layers: 0, growthRate: 2.5 }]));
    const errs = a.nodes.n1!.errors.join('\n');
    expect(errs).toMatch(/Layers must be between 1 and 128, not 0/);
    expect(errs).toMatch(/Growth rate k must be a whole number, not 2.5/);
  });

  it('describes itself and teaches its origin', () => {
    expect(denseBlock.describe({ layers: 6, growthRate: 32, bottleneck: 4 })).toBe('Dense block ×6, k=32');
    expect(denseBlock.teach.origin).toMatch(/Huang, Liu, van der Maaten & Weinberger.*2016/);
  });
});
