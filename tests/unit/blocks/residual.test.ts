import { describe, expect, it } from 'vitest';
import { residual, type ResidualParams } from '@/lib/blocks/residual';
import { analyse } from '@/lib/graph/analyse';
import type { ParamRecord } from '@/lib/graph/types';
import { chain } from '../helpers';
import { expectExpandedAgrees } from './composite-check';

const inner = (a: ReturnType<typeof analyse>, id = 'n1') => a.nodes[id]!.innerGraph!.nodes.map((n) => n.id);

describe('Residual block', () => {
  it('ResNet-50 layer1[0]: bottleneck 64 on 56×56×64 → 56×56×256, 75,008 params, 231,211,008 MACs', () => {
    const a = analyse(chain([56, 56, 64], ['Residual', { variant: 'bottleneck', filters: 64, stride: 1 }]));
    expect(a.valid).toBe(true);
    const n = a.nodes.n1!;
    expect(n.outputShape).toEqual([56, 56, 256]);
    // Trainable (torchvision's count):
    //   conv1 1×1  64×64    =  4,096   bn1 2×64  = 128
    //   conv2 3×3  9×64×64  = 36,864   bn2 2×64  = 128
    //   conv3 1×1  64×256   = 16,384   bn3 2×256 = 512
    //   downsample 64×256   = 16,384   bn  2×256 = 512   (64 ≠ 256 channels, so a projection even at stride 1)
    //   total 75,008
    // Non-trainable: BN moving mean and variance, 2×(64 + 64 + 256 + 256) = 1,280.
    expect(n.paramCount).toEqual({ trainable: 75_008, nonTrainable: 1_280 });
    // MACs at 56×56 = 3,136 positions:
    //   conv1 3,136×4,096 = 12,845,056; conv2 3,136×36,864 = 115,605,504;
    //   conv3 3,136×16,384 = 51,380,224; downsample 3,136×16,384 = 51,380,224
    //   total 231,211,008
    expect(n.flops).toBe(231_211_008);
    // 1×1, 3×3, 1×1: the block sees 3×3 pixels, jump 1.
    expect(n.receptiveField).toEqual({ size: 3, jump: 1 });
    expect(inner(a)).toEqual(expect.arrayContaining(['conv1', 'conv1_bn', 'conv1_relu', 'conv2', 'conv3_bn', 'downsample', 'downsample_bn', 'add', 'relu']));
  });

  it('ResNet-18 layer2[0]: basic 64 → 128, stride 2, 230,144 params, 179,830,784 MACs', () => {
    const a = analyse(chain([56, 56, 64], ['Residual', { variant: 'basic', filters: 128, stride: 2 }]));
    const n = a.nodes.n1!;
    expect(n.outputShape).toEqual([28, 28, 128]);
    // conv1 3×3×64×128 = 73,728 + bn 256; conv2 3×3×128×128 = 147,456 + bn 256;
    // downsample 1×1×64×128 = 8,192 + bn 256 → 73,728 + 147,456 + 8,192 + 3×256 = 230,144.
    // Non-trainable: 3 BNs × 2×128 = 768.
    expect(n.paramCount).toEqual({ trainable: 230_144, nonTrainable: 768 });
    // Every conv runs at 28×28 = 784 positions (the stride sits on conv1 and the shortcut):
    //   784 × (73,728 + 147,456 + 8,192 = 229,376) = 179,830,784
    expect(n.flops).toBe(179_830_784);
    // 3×3/2 then 3×3: 1 + 2×1 = 3, then + 2×2 = 7; jump 2.
    expect(n.receptiveField).toEqual({ size: 7, jump: 2 });
  });

  it('ResNet-18 layer1[0]: shapes already match, so the shortcut is the identity', () => {
    const a = analyse(chain([56, 56, 64], ['Residual', { variant: 'basic', filters: 64 }]));
    const n = a.nodes.n1!;
    expect(n.outputShape).toEqual([56, 56, 64]);
    // 2 × (3×3×64×64 = 36,864 + bn 128) = 73,984 trainable; 2 × 128 = 256 non-trainable.
    expect(n.paramCount).toEqual({ trainable: 73_984, nonTrainable: 256 });
    // 3,136 × 2 × 36,864 = 231,211,008
    expect(n.flops).toBe(231_211_008);
    expect(inner(a)).not.toContain('downsample');
    // The block's input goes straight into the add's second port.
    expect(n.innerGraph!.inputs[0]).toEqual([{ node: 'conv1', port: 0 }, { node: 'add', port: 1 }]);
  });

  it('SE-ResNet-50 layer1[0]: SE/16 on the branch adds 8,464 params and 8,192 MACs', () => {
    const a = analyse(chain([56, 56, 64], ['Residual', { variant: 'bottleneck', filters: 64, seRatio: 16 }]));
    const n = a.nodes.n1!;
    // SE on 256 channels, squeeze 256/16 = 16: dense 256×16 + 16 = 4,112; dense 16×256 + 256 = 4,352.
    // 75,008 + 4,112 + 4,352 = 83,472; no new BN, so non-trainable stays 1,280.
    expect(n.paramCount).toEqual({ trainable: 83_472, nonTrainable: 1_280 });
    // Dense MACs 256×16 + 16×256 = 8,192 on top of 231,211,008.
    expect(n.flops).toBe(231_219_200);
    expect(n.outputShape).toEqual([56, 56, 256]);
    // SE sits between the branch's last BN and the add.
    const edges = n.innerGraph!.edges;
    expect(edges.find((e) => e.target === 'add' && e.targetPort === 0)!.source).toBe('se_scale');
    expect(edges.find((e) => e.target === 'se_pool')!.source).toBe('conv3_bn');
  });

  it('rounds odd sizes up at stride 2 as torchvision does: 7×7 → 4×4', () => {
    // torchvision: ⌊(7 + 2 − 3)/2⌋ + 1 = 4 for the 3×3 (pad 1), ⌊(7 − 1)/2⌋ + 1 = 4 for the 1×1 shortcut.
    const a = analyse(chain([7, 7, 32], ['Residual', { variant: 'basic', filters: 32, stride: 2 }]));
    expect(a.nodes.n1!.outputShape).toEqual([4, 4, 32]);
  });

  it('gives the same totals and receptive field collapsed and expanded', () => {
    const cases: ParamRecord[] = [
      { variant: 'bottleneck', filters: 64 },
      { variant: 'bottleneck', filters: 128, stride: 2, seRatio: 16 },
      { variant: 'basic', filters: 128, stride: 2 },
      { variant: 'basic', filters: 64 },
    ];
    for (const params of cases) {
      const { collapsed } = expectExpandedAgrees(chain([56, 56, 64], ['Residual', params], ['Conv2D', { filters: 8, kernel: 3 }]));
      expect(collapsed.totals.trainable).toBeGreaterThan(0);
    }
  });

  it('refuses a flat vector and bad params, in words', () => {
    let a = analyse(chain([7, 7, 64], ['GlobalAvgPool'], ['Residual', {}]));
    expect(a.nodes.n2!.errors.join()).toMatch(/Residual block needs a feature map .* flat vector of 64/);
    a = analyse(chain([8, 8, 4], ['Residual', { variant: 'wide', filters: 0 }]));
    const errs = a.nodes.n1!.errors.join('\n');
    expect(errs).toMatch(/Variant must be one of "basic", "bottleneck", not "wide"/);
    expect(errs).toMatch(/Filters must be between 1 and 4096, not 0/);
  });

  it('describes itself on the node face and teaches where it comes from', () => {
    const p = (x: Partial<ResidualParams>) => ({ variant: 'basic', filters: 64, stride: 1, seRatio: 0, ...x }) as ResidualParams;
    expect(residual.describe(p({}))).toBe('Basic 64');
    expect(residual.describe(p({ variant: 'bottleneck', filters: 128, stride: 2, seRatio: 16 }))).toBe('Bottleneck 128→512, s2, SE/16');
    expect(residual.teach.origin).toMatch(/He, Zhang, Ren & Sun.*2015/);
    expect(residual.teach.formula).toMatch(/bottleneck: C_in×F \+ 3×3×F×F \+ F×4F/);
    for (const spec of Object.values(residual.params)) expect(spec.help.length).toBeGreaterThan(20);
  });
});
