import { describe, expect, it } from 'vitest';
import { analyse } from '@/lib/graph/analyse';
import { chain } from '../helpers';

const conv = (p: Record<string, number | string | boolean>) => ['Conv2D', p] as const;

describe('Conv2D', () => {
  it('matches LeNet conv2: 16 filters 5×5 over 14×14×6', () => {
    const n = analyse(chain([14, 14, 6], conv({ filters: 16, kernel: 5, padding: 'valid' }))).nodes.n1!;
    // valid: 14 − 5 + 1 = 10.
    expect(n.outputShape).toEqual([10, 10, 16]);
    // 5·5·6·16 + 16 = 2,416 params; 10·10·5·5·6·16 = 240,000 MACs.
    expect(n.paramCount).toEqual({ trainable: 2_416, nonTrainable: 0 });
    expect(n.flops).toBe(240_000);
    expect(n.formula).toBe('5×5×6×16 + 16 = 2,416');
    expect(n.description).toBe('Conv 5×5, 16');
  });

  it('matches the ResNet stem: 64 filters 7×7 stride 2 "same" on 224, no bias', () => {
    const n = analyse(chain([224, 224, 3], conv({ filters: 64, kernel: 7, stride: 2, useBias: false, activation: 'relu' }))).nodes.n1!;
    // same: ceil(224 / 2) = 112; 7·7·3·64 = 9,408 params; 112·112·9,408 = 118,013,952 MACs.
    expect(n.outputShape).toEqual([112, 112, 64]);
    expect(n.paramCount.trainable).toBe(9_408);
    expect(n.flops).toBe(118_013_952);
    expect(n.formula).toBe('7×7×3×64 = 9,408');
    expect(n.description).toBe('Conv 7×7, 64, s2, relu');
  });

  it('pads "same" to ceil(n / s) and "valid" to floor((n − k) / s) + 1 on odd sizes', () => {
    // 7×7 input, 7×7 kernel, stride 2: same → ceil(7/2) = 4; valid → floor(0/2) + 1 = 1.
    expect(analyse(chain([7, 7, 1], conv({ filters: 2, kernel: 7, stride: 2 }))).nodes.n1!.outputShape).toEqual([4, 4, 2]);
    expect(analyse(chain([7, 7, 1], conv({ filters: 2, kernel: 7, stride: 2, padding: 'valid' }))).nodes.n1!.outputShape).toEqual([1, 1, 2]);
    // 9, 3×3, stride 2, valid → floor(6/2) + 1 = 4.
    expect(analyse(chain([9, 9, 1], conv({ filters: 2, kernel: 3, stride: 2, padding: 'valid' }))).nodes.n1!.outputShape).toEqual([4, 4, 2]);
  });

  it('dilates: a 3×3 with dilation 2 sees 5×5 with 9 weights per channel pair', () => {
    const n = analyse(chain([9, 9, 2], conv({ filters: 4, kernel: 3, dilation: 2, padding: 'valid' }))).nodes.n1!;
    // effective kernel (3 − 1)·2 + 1 = 5: 9 − 5 + 1 = 5; params 3·3·2·4 + 4 = 76.
    expect(n.outputShape).toEqual([5, 5, 4]);
    expect(n.paramCount.trainable).toBe(76);
    expect(n.receptiveField).toEqual({ size: 5, jump: 1 });
  });

  it('stacks receptive fields: three 3×3 see 7×7 (VGG), and stride multiplies the jump', () => {
    const c3 = conv({ filters: 4, kernel: 3 });
    const vgg = analyse(chain([32, 32, 3], c3, c3, c3));
    // 3, then 3 + 2 = 5, then 5 + 2 = 7; jump stays 1.
    expect(vgg.nodes.n3!.receptiveField).toEqual({ size: 7, jump: 1 });
    const strided = analyse(chain([32, 32, 3], conv({ filters: 4, kernel: 3, stride: 2 }), c3, c3));
    // 3 (jump 2), 3 + 2·2 = 7, 7 + 2·2 = 11.
    expect(strided.nodes.n3!.receptiveField).toEqual({ size: 11, jump: 2 });
  });

  it('says what to do when the kernel is bigger than the input', () => {
    const [msg] = analyse(chain([4, 4, 3], conv({ kernel: 5, padding: 'valid' }))).nodes.n1!.errors;
    expect(msg).toMatch(/Conv2D window 5×5 is bigger than its 4×4 input; use a smaller kernel, padding "same", or remove a pooling layer/);
    // With "same" the same layer is fine: ceil(4/1) = 4.
    expect(analyse(chain([4, 4, 3], conv({ kernel: 5 }))).nodes.n1!.outputShape).toEqual([4, 4, 32]);
  });

  it('refuses stride and dilation together, and a flat input', () => {
    expect(analyse(chain([8, 8, 1], conv({ stride: 2, dilation: 2 }))).nodes.n1!.errors[0])
      .toMatch(/Stride and dilation cannot both be above 1 .*; set one of them to 1/);
    expect(analyse(chain([8, 8, 1], ['Flatten'], conv({}))).nodes.n2!.errors[0])
      .toMatch(/Conv2D needs a feature map .* flat vector of 64; move it before the Flatten\/GlobalAvgPool, or use Dense/);
  });

  it('refuses negative, fractional and string sizes by the schema', () => {
    const errs = analyse(chain([8, 8, 1], conv({ filters: -3, kernel: 2.5, stride: '2' }))).nodes.n1!.errors.join('\n');
    expect(errs).toMatch(/Filters must be between 1 and 8192, not -3/);
    expect(errs).toMatch(/Kernel must be a whole number, not 2.5/);
    expect(errs).toMatch(/Stride must be a number, not "2"/);
  });
});
