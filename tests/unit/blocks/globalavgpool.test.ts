import { describe, expect, it } from 'vitest';
import { analyse } from '@/lib/graph/analyse';
import { chain } from '../helpers';

describe('GlobalAvgPool', () => {
  it('turns H×W×C into C with no weights', () => {
    const a = analyse(chain([7, 7, 512], ['GlobalAvgPool'], ['Dense', { units: 10 }]));
    expect(a.valid).toBe(true);
    const gap = a.nodes.n1!;
    expect(gap.outputShape).toEqual([512]);
    expect(gap.paramCount).toEqual({ trainable: 0, nonTrainable: 0 });
    expect(gap.flops).toBe(0);
    // The Dense head after it: 512×10 + 10 = 5,130 params, 512×10 = 5,120 MACs.
    expect(a.totals.trainable).toBe(5_130);
    expect(a.totals.flops).toBe(5_120);
    expect(a.outputShape).toEqual([10]);
  });

  it('sees the whole map: its receptive field grows by the map side', () => {
    const a = analyse(chain([8, 8, 3],
      ['Conv2D', { filters: 4, kernel: 3 }],
      ['MaxPool', { pool: 2, stride: 2 }],
      ['GlobalAvgPool']));
    // conv 3×3: size 3, jump 1. pool 2/2: size 3 + (2−1)·1 = 4, jump 2, map 4×4.
    // global over a 4-wide map: size 4 + (4−1)·2 = 10, jump 2·4 = 8.
    expect(a.nodes.n2!.receptiveField).toEqual({ size: 4, jump: 2 });
    expect(a.nodes.n3!.receptiveField).toEqual({ size: 10, jump: 8 });
  });

  it('on a flat vector says it is already pooled and what to do', () => {
    const a = analyse(chain([4, 4, 8], ['GlobalAvgPool'], ['GlobalAvgPool']));
    expect(a.valid).toBe(false);
    expect(a.nodes.n1!.errors).toEqual([]);
    const [msg] = a.nodes.n2!.errors;
    expect(msg).toMatch(/flat vector of 8/);
    expect(msg).toMatch(/remove the GlobalAvgPool, or move it before the Flatten/);
  });
});
