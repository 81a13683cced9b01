import { describe, expect, it } from 'vitest';
import { analyse } from '@/lib/graph/analyse';
import { chain } from '../helpers';

const pool = (p: Record<string, number | string>) => ['AvgPool', p] as const;

describe('AvgPool', () => {
  it('halves LeNet\'s 28×28×6 map with 2×2 windows and no weights', () => {
    const n = analyse(chain([28, 28, 6], pool({ pool: 2, stride: 2 }))).nodes.n1!;
    expect(n.outputShape).toEqual([14, 14, 6]);
    expect(n.paramCount).toEqual({ trainable: 0, nonTrainable: 0 });
    expect(n.flops).toBe(0);
    expect(n.description).toBe('AvgPool 2×2, s2');
  });

  it('gives GoogLeNet\'s auxiliary head 4×4 from 14×14 with 5×5 stride 3', () => {
    // valid: floor((14 − 5) / 3) + 1 = 3 + 1 = 4.
    expect(analyse(chain([14, 14, 512], pool({ pool: 5, stride: 3 }))).nodes.n1!.outputShape).toEqual([4, 4, 512]);
  });

  it('pads "same" to ceil(n / s) and "valid" to floor((n − k) / s) + 1 on odd sizes', () => {
    // 7 wide, 3×3, stride 2: same → 4, valid → floor(4/2) + 1 = 3.
    expect(analyse(chain([7, 7, 1], pool({ pool: 3, stride: 2, padding: 'same' }))).nodes.n1!.outputShape).toEqual([4, 4, 1]);
    expect(analyse(chain([7, 7, 1], pool({ pool: 3, stride: 2, padding: 'valid' }))).nodes.n1!.outputShape).toEqual([3, 3, 1]);
  });

  it('grows the receptive field by its window', () => {
    const a = analyse(chain([32, 32, 1], ['Conv2D', { filters: 6, kernel: 5, padding: 'valid' }], pool({ pool: 2, stride: 2 })));
    // conv 5×5: size 5, jump 1; pool 2/2: 5 + (2−1)·1 = 6, jump 2.
    expect(a.nodes.n2!.receptiveField).toEqual({ size: 6, jump: 2 });
  });

  it('says what to do when the window is bigger than the map, or the input is flat', () => {
    const [big] = analyse(chain([3, 3, 8], pool({ pool: 5, stride: 1 }))).nodes.n1!.errors;
    expect(big).toMatch(/AvgPool window 5×5 is bigger than its 3×3 input; use a smaller kernel, padding "same", or remove a pooling layer/);
    const [flat] = analyse(chain([4, 4, 8], ['Flatten'], pool({}))).nodes.n2!.errors;
    expect(flat).toMatch(/AvgPool needs a feature map .* flat vector of 128; move it before the Flatten/);
  });
});
