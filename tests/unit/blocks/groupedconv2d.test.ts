import { describe, expect, it } from 'vitest';
import { analyse } from '@/lib/graph/analyse';
import { chain } from '../helpers';

const gconv = (p: Record<string, number | string | boolean>) => ['GroupedConv2D', p] as const;

describe('GroupedConv2D', () => {
  it('matches AlexNet conv2: 256 filters 5×5 in 2 groups over 27×27×96', () => {
    const n = analyse(chain([27, 27, 96], gconv({ filters: 256, kernel: 5, groups: 2 }))).nodes.n1!;
    expect(n.outputShape).toEqual([27, 27, 256]);
    // each filter sees 96 / 2 = 48 channels: 5×5×48×256 + 256 = 307,456 params.
    expect(n.paramCount).toEqual({ trainable: 307_456, nonTrainable: 0 });
    // 27·27·5·5·48·256 = 729 · 307,200 = 223,948,800 MACs.
    expect(n.flops).toBe(223_948_800);
    expect(n.formula).toBe('5×5×48×256 + 256 = 307,456');
    expect(n.description).toBe('GConv 5×5, 256, g2');
  });

  it('matches a ResNeXt-50 32×4d stage-1 3×3 (cardinality 32, no bias)', () => {
    const n = analyse(chain([56, 56, 128], gconv({ filters: 128, kernel: 3, groups: 32, useBias: false }))).nodes.n1!;
    // 3×3×(128/32)×128 = 3×3×4×128 = 4,608; MACs 56·56·4,608 = 14,450,688.
    expect(n.paramCount.trainable).toBe(4_608);
    expect(n.flops).toBe(14_450_688);
  });

  it('with one group counts exactly as a Conv2D', () => {
    const g = analyse(chain([9, 9, 12], gconv({ filters: 20, kernel: 3, stride: 2, groups: 1 })));
    const c = analyse(chain([9, 9, 12], ['Conv2D', { filters: 20, kernel: 3, stride: 2 }]));
    // 3×3×12×20 + 20 = 2,180 params; out ceil(9/2) = 5: 5·5·3·3·12·20 = 54,000 MACs.
    expect(g.nodes.n1!.outputShape).toEqual([5, 5, 20]);
    expect(g.totals).toEqual(c.totals);
    expect(g.totals.trainable).toBe(2_180);
    expect(g.totals.flops).toBe(54_000);
  });

  it('refuses filters not divisible by groups and suggests a count that is', () => {
    const [msg] = analyse(chain([8, 8, 64], gconv({ filters: 100, groups: 32 }))).nodes.n1!.errors;
    expect(msg).toMatch(/Filters \(100\) must be divisible by groups \(32\)/);
    expect(msg).toMatch(/use 96 filters, or a number of groups that divides 100/);
  });

  it('refuses input channels not divisible by groups and says what to change', () => {
    const [msg] = analyse(chain([8, 8, 6], gconv({ filters: 8, groups: 4 }))).nodes.n1!.errors;
    expect(msg).toMatch(/splits its 6 input channels into 4 equal groups, but 6 is not divisible by 4/);
    expect(msg).toMatch(/use 3 or 6 groups, or give the layer before it 8 channels/);
  });

  it('pads odd sizes like Conv2D and says when the kernel is too big', () => {
    // 7×7, stride 2, same → ceil(7/2) = 4.
    expect(analyse(chain([7, 7, 4], gconv({ filters: 4, kernel: 7, stride: 2 }))).nodes.n1!.outputShape).toEqual([4, 4, 4]);
    const [msg] = analyse(chain([4, 4, 4], gconv({ filters: 4, kernel: 5, padding: 'valid' }))).nodes.n1!.errors;
    expect(msg).toMatch(/GroupedConv2D window 5×5 is bigger than its 4×4 input; use a smaller kernel/);
  });

  it('grows the receptive field like a conv', () => {
    const a = analyse(chain([27, 27, 96], gconv({ filters: 256, kernel: 5, stride: 2 }), gconv({ filters: 256, kernel: 3 })));
    // 5×5 s2: size 5, jump 2; 3×3: 5 + 2·2 = 9, jump 2.
    expect(a.nodes.n2!.receptiveField).toEqual({ size: 9, jump: 2 });
  });
});
