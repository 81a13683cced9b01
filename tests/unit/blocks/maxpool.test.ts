import { describe, expect, it } from 'vitest';
import { analyse } from '@/lib/graph/analyse';
import { chain } from '../helpers';

const pool = (p: Record<string, number | string>) => ['MaxPool', p] as const;

describe('MaxPool', () => {
  it('pools AlexNet\'s overlapping 3×3 stride 2: 55 → 27', () => {
    const a = analyse(chain([227, 227, 3], ['Conv2D', { filters: 96, kernel: 11, stride: 4, padding: 'valid' }], pool({ pool: 3, stride: 2 })));
    const n = a.nodes.n2!;
    // conv1 → 55; pool valid: floor((55 − 3) / 2) + 1 = 27.
    expect(n.outputShape).toEqual([27, 27, 96]);
    expect(n.paramCount).toEqual({ trainable: 0, nonTrainable: 0 });
    expect(n.flops).toBe(0);
    // conv1: size 11, jump 4; pool 3/2: 11 + (3−1)·4 = 19, jump 8.
    expect(n.receptiveField).toEqual({ size: 19, jump: 8 });
    expect(n.description).toBe('MaxPool 3×3, s2');
  });

  it('pads "same" to ceil(n / s) and "valid" to floor((n − k) / s) + 1 on odd sizes', () => {
    // 13, 3×3 s2: valid → floor(10/2) + 1 = 6 (AlexNet's last pool); same → ceil(13/2) = 7.
    expect(analyse(chain([13, 13, 256], pool({ pool: 3, stride: 2 }))).nodes.n1!.outputShape).toEqual([6, 6, 256]);
    expect(analyse(chain([13, 13, 256], pool({ pool: 3, stride: 2, padding: 'same' }))).nodes.n1!.outputShape).toEqual([7, 7, 256]);
    // Inception's pool branch: 3×3 stride 1 same keeps 28.
    expect(analyse(chain([28, 28, 192], pool({ pool: 3, stride: 1, padding: 'same' }))).nodes.n1!.outputShape).toEqual([28, 28, 192]);
  });

  it('says what to do when the window is bigger than the map, or the input is flat', () => {
    const [big] = analyse(chain([2, 2, 8], pool({ pool: 3, stride: 2 }))).nodes.n1!.errors;
    expect(big).toMatch(/MaxPool window 3×3 is bigger than its 2×2 input; use a smaller kernel, padding "same", or remove a pooling layer/);
    const [flat] = analyse(chain([2, 2, 8], ['GlobalAvgPool'], pool({}))).nodes.n2!.errors;
    expect(flat).toMatch(/MaxPool needs a feature map .* flat vector of 8/);
  });

  it('refuses a pool size of 0', () => {
    expect(analyse(chain([4, 4, 1], pool({ pool: 0 }))).nodes.n1!.errors[0]).toMatch(/Pool size must be between 1 and 31, not 0/);
  });
});
