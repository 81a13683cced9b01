import { describe, expect, it } from 'vitest';
import { analyse } from '@/lib/graph/analyse';
import { chain } from '../helpers';

const dw = (p: Record<string, number | string | boolean>) => ['DepthwiseConv2D', p] as const;

describe('DepthwiseConv2D', () => {
  it('counts k×k×C weights and H·W·k·k·C MACs (MobileNetV2 first block)', () => {
    const a = analyse(chain([112, 112, 32], dw({ kernel: 3, useBias: false })));
    expect(a.valid).toBe(true);
    const n = a.nodes.n1!;
    expect(n.outputShape).toEqual([112, 112, 32]);
    // 3×3×32×1 = 288 weights; 112·112·288 = 3,612,672 MACs.
    expect(n.paramCount).toEqual({ trainable: 288, nonTrainable: 0 });
    expect(n.flops).toBe(3_612_672);
    expect(n.formula).toBe('3×3×32×1 = 288');
  });

  it('multiplies channels by the depth multiplier, with a bias per output channel', () => {
    const n = analyse(chain([10, 10, 3], dw({ kernel: 5, padding: 'valid', depthMultiplier: 2 }))).nodes.n1!;
    // valid 5×5: 10 − 5 + 1 = 6; channels 3×2 = 6.
    expect(n.outputShape).toEqual([6, 6, 6]);
    // 5×5×3×2 + 6 = 156; MACs 6·6·5·5·3·2 = 5,400.
    expect(n.paramCount.trainable).toBe(156);
    expect(n.flops).toBe(5_400);
    expect(n.formula).toBe('5×5×3×2 + 6 = 156');
    expect(n.description).toBe('DWConv 5×5, ×2');
  });

  it('pads "same" to ceil(n / s) and "valid" to floor((n − k) / s) + 1 on odd sizes', () => {
    // 7 wide, 3×3, stride 2: same → ceil(7/2) = 4; valid → floor(4/2) + 1 = 3.
    expect(analyse(chain([7, 7, 8], dw({ stride: 2, padding: 'same' }))).nodes.n1!.outputShape).toEqual([4, 4, 8]);
    expect(analyse(chain([7, 7, 8], dw({ stride: 2, padding: 'valid' }))).nodes.n1!.outputShape).toEqual([3, 3, 8]);
  });

  it('with a 1×1 conv after it costs far less than one full 3×3 conv', () => {
    const full = analyse(chain([56, 56, 32], ['Conv2D', { filters: 64, kernel: 3, useBias: false }]));
    const separable = analyse(chain([56, 56, 32], dw({ useBias: false }), ['Conv2D', { filters: 64, kernel: 1, useBias: false }]));
    // full: 56·56·3·3·32·64 = 57,802,752; separable: 56·56·(3·3·32 + 32·64) = 3,136·2,336 = 7,325,696.
    expect(full.totals.flops).toBe(57_802_752);
    expect(separable.totals.flops).toBe(7_325_696);
    // params: 3·3·32·64 = 18,432 against 288 + 2,048 = 2,336.
    expect(full.totals.trainable).toBe(18_432);
    expect(separable.totals.trainable).toBe(2_336);
  });

  it('grows the receptive field like a conv', () => {
    const a = analyse(chain([16, 16, 4], dw({ stride: 2 }), dw({})));
    // 3×3 s2: size 3, jump 2; then 3×3 s1: 3 + (3−1)·2 = 7, jump 2.
    expect(a.nodes.n1!.receptiveField).toEqual({ size: 3, jump: 2 });
    expect(a.nodes.n2!.receptiveField).toEqual({ size: 7, jump: 2 });
  });

  it('says what to do when the kernel is bigger than the input', () => {
    const [msg] = analyse(chain([3, 3, 4], dw({ kernel: 5, padding: 'valid' }))).nodes.n1!.errors;
    expect(msg).toMatch(/DepthwiseConv2D window 5×5 is bigger than its 3×3 input; use a smaller kernel, padding "same"/);
  });

  it('refuses a flat vector and a depth multiplier of 0', () => {
    const flat = analyse(chain([4, 4, 8], ['GlobalAvgPool'], dw({})));
    expect(flat.nodes.n2!.errors[0]).toMatch(/needs a feature map .* flat vector of 8; move it before the Flatten\/GlobalAvgPool/);
    const zero = analyse(chain([4, 4, 8], dw({ depthMultiplier: 0 })));
    expect(zero.nodes.n1!.errors[0]).toMatch(/Depth multiplier must be between 1 and 64, not 0/);
  });
});
