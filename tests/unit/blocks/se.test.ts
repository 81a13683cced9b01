import { describe, expect, it } from 'vitest';
import { se, seSqueeze } from '@/lib/blocks/se';
import { analyse } from '@/lib/graph/analyse';
import { chain } from '../helpers';
import { expectExpandedAgrees } from './composite-check';

describe('SE block', () => {
  it('on 56×56×256 with r = 16: 8,464 params, 8,192 MACs, shape kept', () => {
    const a = analyse(chain([56, 56, 256], ['SE', { ratio: 16 }]));
    expect(a.valid).toBe(true);
    const n = a.nodes.n1!;
    expect(n.outputShape).toEqual([56, 56, 256]);
    // Squeeze to 256/16 = 16: dense 256×16 + 16 = 4,112; dense 16×256 + 256 = 4,352 → 8,464.
    expect(n.paramCount).toEqual({ trainable: 8_464, nonTrainable: 0 });
    // Only the two dense layers multiply-add: 256×16 + 16×256 = 8,192.
    expect(n.flops).toBe(8_192);
    const types = n.innerGraph!.nodes.map((x) => `${x.id}:${x.type}`);
    expect(types).toEqual(['se_pool:GlobalAvgPool', 'se_reduce:Dense', 'se_expand:Dense', 'se_scale:Multiply']);
    expect(n.innerGraph!.nodes[1]!.params).toMatchObject({ units: 16, activation: 'relu', useBias: true });
    expect(n.innerGraph!.nodes[2]!.params).toMatchObject({ units: 256, activation: 'sigmoid', useBias: true });
  });

  it('rounds the squeeze down, and never below one unit', () => {
    expect(seSqueeze(100, 16)).toBe(6); // ⌊6.25⌋
    expect(seSqueeze(10, 16)).toBe(1); // ⌊0.625⌋ = 0 → 1
    const a = analyse(chain([4, 4, 10], ['SE', { ratio: 16 }]));
    // 10×1 + 1 + 1×10 + 10 = 31
    expect(a.totals.trainable).toBe(31);
  });

  it('sees the whole map, but keeps the map\'s spacing (jump 1) for the layers after it', () => {
    // The gate averages all 56×56 positions: size 1 + 55 = 56. The multiply's output is still a
    // 56×56 map one pixel apart, so a 3×3 conv after it adds 2 pixels, not 2 × 56.
    const a = analyse(chain([56, 56, 8], ['SE', { ratio: 4 }], ['Conv2D', { filters: 8, kernel: 3 }]));
    expect(a.nodes.n1!.receptiveField).toEqual({ size: 56, jump: 1 });
    expect(a.nodes.n2!.receptiveField).toEqual({ size: 58, jump: 1 });
  });

  it('gives the same totals collapsed and expanded', () => {
    expectExpandedAgrees(chain([14, 14, 64], ['Conv2D', { filters: 64, kernel: 3, stride: 2 }], ['SE', { ratio: 8 }], ['Conv2D', { filters: 8, kernel: 3 }]));
  });

  it('refuses a flat vector and a ratio of 0', () => {
    let a = analyse(chain([7, 7, 64], ['GlobalAvgPool'], ['SE', {}]));
    expect(a.nodes.n2!.errors.join()).toMatch(/SE block needs a feature map .* flat vector of 64/);
    a = analyse(chain([7, 7, 64], ['SE', { ratio: 0 }]));
    expect(a.nodes.n1!.errors.join()).toMatch(/Reduction r must be between 1 and 1024, not 0/);
  });

  it('describes itself and teaches its origin', () => {
    expect(se.describe({ ratio: 16 })).toBe('SE, r=16');
    expect(se.teach.origin).toMatch(/Hu, Shen & Sun.*2017/);
    expect(se.teach.formula).toMatch(/C×\(C\/r\)/);
  });
});
