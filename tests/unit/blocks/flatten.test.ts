import { describe, expect, it } from 'vitest';
import { analyse } from '@/lib/graph/analyse';
import { chain } from '../helpers';

describe('Flatten', () => {
  it('unrolls LeNet\'s 5×5×16 into 400 for its first dense layer', () => {
    const a = analyse(chain([5, 5, 16], ['Flatten'], ['Dense', { units: 120 }]));
    expect(a.valid).toBe(true);
    // 5·5·16 = 400; Dense: 400×120 + 120 = 48,120 params, 48,000 MACs.
    expect(a.nodes.n1!.outputShape).toEqual([400]);
    expect(a.nodes.n1!.paramCount).toEqual({ trainable: 0, nonTrainable: 0 });
    expect(a.totals.trainable).toBe(48_120);
    expect(a.totals.flops).toBe(48_000);
  });

  it('sees the whole LeNet input: receptive field 32 on a 32×32 image', () => {
    const conv = ['Conv2D', { filters: 6, kernel: 5, padding: 'valid' }] as const;
    const pool = ['MaxPool', { pool: 2, stride: 2 }] as const;
    const a = analyse(chain([32, 32, 1], conv, pool, conv, pool, ['Flatten']));
    // conv 5: 5, j1 (28) · pool 2/2: 6, j2 (14) · conv 5: 6 + 4·2 = 14, j2 (10) · pool: 14 + 1·2 = 16, j4 (5)
    // flatten over a 5-wide map: 16 + (5−1)·4 = 32, jump 4·5 = 20.
    expect(a.nodes.n4!.receptiveField).toEqual({ size: 16, jump: 4 });
    expect(a.nodes.n5!.receptiveField).toEqual({ size: 32, jump: 20 });
    expect(a.nodes.n5!.outputShape).toEqual([5 * 5 * 6]);
  });

  it('on a vector that is already flat says to remove it', () => {
    const a = analyse(chain([2, 3, 4], ['Flatten'], ['Flatten']));
    const [msg] = a.nodes.n2!.errors;
    expect(msg).toMatch(/Flatten needs a feature map .* flat vector of 24, which is already flat; remove the Flatten/);
  });
});
