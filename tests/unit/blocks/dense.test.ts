import { describe, expect, it } from 'vitest';
import { analyse } from '@/lib/graph/analyse';
import { chain } from '../helpers';

describe('Dense', () => {
  it('matches VGG fc6: 7×7×512 flattened to 25,088, then 4,096 units', () => {
    const a = analyse(chain([7, 7, 512], ['Flatten'], ['Dense', { units: 4096, activation: 'relu' }]));
    const n = a.nodes.n2!;
    expect(n.outputShape).toEqual([4096]);
    // 7·7·512 = 25,088; 25,088·4,096 + 4,096 = 102,764,544 params; 25,088·4,096 = 102,760,448 MACs.
    expect(n.paramCount).toEqual({ trainable: 102_764_544, nonTrainable: 0 });
    expect(n.flops).toBe(102_760_448);
    expect(n.formula).toBe('25088×4096 + 4096 = 102,764,544');
    expect(n.description).toBe('Dense 4096, relu');
  });

  it('leaves out the bias when asked', () => {
    const n = analyse(chain([1, 1, 84], ['Flatten'], ['Dense', { units: 10, useBias: false }])).nodes.n2!;
    // 84·10 = 840.
    expect(n.paramCount.trainable).toBe(840);
    expect(n.formula).toBe('84×10 = 840');
  });

  it('sees everything the vector came from', () => {
    const a = analyse(chain([6, 6, 2], ['GlobalAvgPool'], ['Dense', { units: 3 }]));
    // GAP over 6×6: size 1 + 5 = 6, jump 6; Dense on a vector keeps it.
    expect(a.nodes.n2!.receptiveField).toEqual({ size: 6, jump: 6 });
  });

  it('on a feature map says to flatten or pool first', () => {
    const [msg] = analyse(chain([5, 5, 16], ['Dense', { units: 120 }])).nodes.n1!.errors;
    expect(msg).toMatch(/Dense needs a flat vector but gets a 5×5×16 feature map; add a Flatten or GlobalAvgPool before it/);
  });

  it('refuses zero units and unknown activations', () => {
    const errs = analyse(chain([2, 2, 1], ['Flatten'], ['Dense', { units: 0, activation: 'gelu' }])).nodes.n2!.errors.join('\n');
    expect(errs).toMatch(/Units must be between 1 and 65536, not 0/);
    expect(errs).toMatch(/Activation must be one of .*"softmax", not "gelu"/);
  });
});
