import { describe, expect, it } from 'vitest';
import { transition } from '@/lib/blocks/transition';
import { analyse } from '@/lib/graph/analyse';
import { chain } from '../helpers';
import { expectExpandedAgrees } from './composite-check';

describe('Transition', () => {
  it('DenseNet-121 transition1: 56×56×256 → 28×28×128, 33,280 params, 102,760,448 MACs', () => {
    const a = analyse(chain([56, 56, 256], ['Transition', { compression: 0.5 }]));
    expect(a.valid).toBe(true);
    const n = a.nodes.n1!;
    // ⌊0.5×256⌋ = 128 channels; 2×2/2 average pooling halves 56 → 28.
    expect(n.outputShape).toEqual([28, 28, 128]);
    // BN 2×256 = 512; conv 1×1 256×128 = 32,768 (no bias) → 33,280; moving stats 512.
    expect(n.paramCount).toEqual({ trainable: 33_280, nonTrainable: 512 });
    // The conv runs before the pooling, at 56×56: 3,136 × 32,768 = 102,760,448.
    expect(n.flops).toBe(102_760_448);
    // 1×1 conv then 2×2/2 pool: size 2, jump 2.
    expect(n.receptiveField).toEqual({ size: 2, jump: 2 });
  });

  it('rounds channels down and odd sizes down, as torchvision (⌊0.5×250⌋ = 125, 7 → 3)', () => {
    const a = analyse(chain([7, 7, 250], ['Transition', {}]));
    expect(a.nodes.n1!.outputShape).toEqual([3, 3, 125]);
    // ⌊0.3×10⌋ = 3 channels; 4×4 pools to 2×2.
    expect(analyse(chain([4, 4, 10], ['Transition', { compression: 0.3 }])).nodes.n1!.outputShape).toEqual([2, 2, 3]);
  });

  it('gives the same totals collapsed and expanded', () => {
    expectExpandedAgrees(chain([56, 56, 256], ['Transition', {}], ['Transition', { compression: 0.25 }]));
  });

  it('says what to change when nothing would be kept, or the map is too small to pool', () => {
    // ⌊0.5×1⌋ = 0 channels.
    let a = analyse(chain([4, 4, 1], ['Transition', {}]));
    expect(a.nodes.n1!.errors.join()).toMatch(/Transition keeps ⌊0.5 × 1⌋ = 0 channels; raise its compression/);
    a = analyse(chain([1, 1, 8], ['Transition', {}]));
    expect(a.nodes.n1!.errors.join()).toMatch(/Transition: AvgPool window 2×2 is bigger than its 1×1 input/);
    a = analyse(chain([7, 7, 8], ['GlobalAvgPool'], ['Transition', {}]));
    expect(a.nodes.n2!.errors.join()).toMatch(/Transition needs a feature map/);
    a = analyse(chain([8, 8, 8], ['Transition', { compression: 0 }]));
    expect(a.nodes.n1!.errors.join()).toMatch(/Compression θ must be between 0.01 and 1, not 0/);
  });

  it('describes itself and teaches its origin', () => {
    expect(transition.describe({ compression: 0.5 })).toBe('Transition ×0.5');
    expect(transition.teach.origin).toMatch(/Huang et al.*2016/);
  });
});
