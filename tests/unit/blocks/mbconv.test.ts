import { describe, expect, it } from 'vitest';
import { mbconv, type MBConvParams } from '@/lib/blocks/mbconv';
import { analyse } from '@/lib/graph/analyse';
import type { Graph } from '@/lib/graph/types';
import { chain, type Layer } from '../helpers';
import { expectExpandedAgrees } from './composite-check';

const ids = (a: ReturnType<typeof analyse>) => a.nodes.n1!.innerGraph!.nodes.map((n) => n.id);

/** Stem conv, `stages` as Repeat of MBConv, 1×1 head conv to 1280, pooling and a 1000-way dense. */
function mobileNet(act: 'swish' | 'relu6', seRatio: number, stages: readonly (readonly [t: number, k: number, s: number, c: number, n: number])[]): Graph {
  const bnAct: Layer[] = [['BatchNorm'], ['Activation', { fn: act }]];
  return chain([224, 224, 3],
    ['Conv2D', { filters: 32, kernel: 3, stride: 2, useBias: false }], ...bnAct,
    ...stages.map(([t, k, s, c, n]): Layer => ['Repeat', { block: 'MBConv', times: n, params: { expandRatio: t, kernel: k, stride: s, filters: c, seRatio, activation: act } }]),
    ['Conv2D', { filters: 1280, kernel: 1, useBias: false }], ...bnAct,
    ['GlobalAvgPool'], ['Dense', { units: 1000 }]);
}

describe('MBConv', () => {
  it('EfficientNet-B0 features[2][0]: MBConv6 3×3/2, 16 → 24 with SE 0.25: 6,004 params', () => {
    const a = analyse(chain([112, 112, 16], ['MBConv', { expandRatio: 6, kernel: 3, stride: 2, filters: 24, seRatio: 0.25, activation: 'swish' }]));
    expect(a.valid).toBe(true);
    const n = a.nodes.n1!;
    expect(n.outputShape).toEqual([56, 56, 24]);
    // Expanded width E = 6×16 = 96; SE squeeze = ⌊0.25×16⌋ = 4 (of the block's input channels).
    //   expand 1×1 16×96 = 1,536   bn 192
    //   depthwise 3×3×96 =   864   bn 192
    //   SE dense 96×4 + 4 = 388, dense 4×96 + 96 = 480
    //   project 1×1 96×24 = 2,304  bn 48
    //   total 1,536 + 192 + 864 + 192 + 388 + 480 + 2,304 + 48 = 6,004; moving stats 192 + 192 + 48 = 432
    expect(n.paramCount).toEqual({ trainable: 6_004, nonTrainable: 432 });
    // expand at 112×112: 12,544×1,536 = 19,267,584; depthwise at 56×56: 3,136×864 = 2,709,504;
    // SE 96×4 + 4×96 = 768; project 3,136×2,304 = 7,225,344 → 29,203,200
    expect(n.flops).toBe(29_203_200);
    // Stride 2: no skip connection.
    expect(ids(a)).not.toContain('add');
    expect(n.innerGraph!.nodes.find((x) => x.id === 'se_reduce')!.params).toMatchObject({ units: 4, activation: 'swish' });
  });

  it('EfficientNet-B0 features[1][0]: expand ratio 1 has no expansion conv: 1,448 params', () => {
    const a = analyse(chain([112, 112, 32], ['MBConv', { expandRatio: 1, kernel: 3, stride: 1, filters: 16, seRatio: 0.25, activation: 'swish' }]));
    const n = a.nodes.n1!;
    expect(n.outputShape).toEqual([112, 112, 16]);
    // depthwise 9×32 = 288 + bn 64; SE squeeze ⌊0.25×32⌋ = 8: 32×8 + 8 = 264, 8×32 + 32 = 288;
    // project 32×16 = 512 + bn 32 → 288 + 64 + 264 + 288 + 512 + 32 = 1,448; moving stats 64 + 32 = 96
    expect(n.paramCount).toEqual({ trainable: 1_448, nonTrainable: 96 });
    // 12,544 × (288 + 512) + (256 + 256) = 10,035,200 + 512 = 10,035,712
    expect(n.flops).toBe(10_035_712);
    expect(ids(a)).not.toContain('expand');
    // 32 ≠ 16 channels: no skip.
    expect(ids(a)).not.toContain('add');
    expect(n.innerGraph!.inputs[0]).toEqual([{ node: 'depthwise', port: 0 }]);
  });

  it('MobileNetV2 features[3]: stride 1, 24 → 24, ReLU6, no SE: 8,832 params and a skip add', () => {
    const a = analyse(chain([56, 56, 24], ['MBConv', { expandRatio: 6, kernel: 3, stride: 1, filters: 24, seRatio: 0, activation: 'relu6' }]));
    const n = a.nodes.n1!;
    expect(n.outputShape).toEqual([56, 56, 24]);
    // E = 144: expand 24×144 = 3,456 + bn 288; depthwise 9×144 = 1,296 + bn 288; project 144×24 = 3,456 + bn 48
    // → 8,832; moving stats 288 + 288 + 48 = 624
    expect(n.paramCount).toEqual({ trainable: 8_832, nonTrainable: 624 });
    // 3,136 × (3,456 + 1,296 + 3,456 = 8,208) = 25,740,288
    expect(n.flops).toBe(25_740_288);
    expect(ids(a)).toContain('add');
    expect(ids(a).some((id) => id.startsWith('se_'))).toBe(false);
    // The projection is linear: BN and no activation before the add.
    expect(n.innerGraph!.edges.find((e) => e.target === 'add' && e.targetPort === 0)!.source).toBe('project_bn');
    expect(n.innerGraph!.nodes.find((x) => x.id === 'expand_relu6')).toBeDefined();
  });

  it('gives the same totals collapsed and expanded', () => {
    expectExpandedAgrees(chain([32, 32, 16],
      ['MBConv', { expandRatio: 6, kernel: 5, stride: 2, filters: 24, seRatio: 0.25, activation: 'swish' }],
      ['MBConv', { expandRatio: 6, kernel: 3, stride: 1, filters: 24, seRatio: 0.25, activation: 'swish' }],
      ['MBConv', { expandRatio: 1, kernel: 3, stride: 1, filters: 24 }]));
  });

  it('whole EfficientNet-B0 and MobileNetV2 built from it match torchvision: 5,288,548 and 3,504,872', () => {
    // torchvision's EfficientNet-B0 stages (t, k, s, c, n).
    const b0 = expectExpandedAgrees(mobileNet('swish', 0.25, [
      [1, 3, 1, 16, 1], [6, 3, 2, 24, 2], [6, 5, 2, 40, 2], [6, 3, 2, 80, 3], [6, 5, 1, 112, 3], [6, 5, 2, 192, 4], [6, 3, 1, 320, 1],
    ])).collapsed;
    expect(b0.totals.trainable).toBe(5_288_548);
    expect(Math.abs(b0.totals.flops / 0.386e9 - 1)).toBeLessThan(0.02);
    // MobileNetV2's (t, c, n, s) table, kernel 3 throughout.
    const v2 = expectExpandedAgrees(mobileNet('relu6', 0, [
      [1, 3, 1, 16, 1], [6, 3, 2, 24, 2], [6, 3, 2, 32, 3], [6, 3, 2, 64, 4], [6, 3, 1, 96, 3], [6, 3, 2, 160, 3], [6, 3, 1, 320, 1],
    ])).collapsed;
    expect(v2.totals.trainable).toBe(3_504_872);
    expect(Math.abs(v2.totals.flops / 0.301e9 - 1)).toBeLessThan(0.02);
  });

  it('refuses a flat vector and says what to do', () => {
    const a = analyse(chain([7, 7, 32], ['GlobalAvgPool'], ['MBConv', {}]));
    expect(a.nodes.n2!.errors.join()).toMatch(/MBConv needs a feature map \(height×width×channels\) but gets a flat vector of 32; move it before the Flatten\/GlobalAvgPool/);
  });

  it('refuses an activation it does not know', () => {
    const a = analyse(chain([8, 8, 8], ['MBConv', { activation: 'gelu' }]));
    expect(a.nodes.n1!.errors.join()).toMatch(/Activation must be one of "relu6", "swish", "relu", not "gelu"/);
  });

  it('pads "same" inside, so a 5×5 depthwise still fits a 2×2 map (as torchvision pads k//2)', () => {
    const a = analyse(chain([2, 2, 8], ['MBConv', { kernel: 5, stride: 1, filters: 8 }]));
    expect(a.errors).toEqual([]);
    expect(a.outputShape).toEqual([2, 2, 8]);
  });

  it('describes itself and teaches its origin', () => {
    const p: MBConvParams = { expandRatio: 6, kernel: 5, stride: 2, filters: 40, seRatio: 0.25, activation: 'swish' };
    expect(mbconv.describe(p)).toBe('MBConv6 5×5, 40, s2, SE');
    expect(mbconv.teach.origin).toMatch(/Sandler et al.*2018.*Tan & Le.*2019/);
  });
});
