import { describe, expect, it } from 'vitest';
import { inception } from '@/lib/blocks/inception';
import { defaultParams } from '@/lib/blocks/params';
import { analyse } from '@/lib/graph/analyse';
import { chain } from '../helpers';
import { expectExpandedAgrees } from './composite-check';

// GoogLeNet's inception (3a), Table 1 of the paper: #1×1 64, #3×3 reduce 96, #3×3 128,
// #5×5 reduce 16, #5×5 32, pool proj 32, on the 28×28×192 output of the stem.
const inc3a = { n1x1: 64, n3x3reduce: 96, n3x3: 128, n5x5reduce: 16, n5x5: 32, poolProj: 32, useBias: true };

describe('Inception module', () => {
  it('GoogLeNet 3a: 163,696 params, 28×28×256 out, 128,049,152 MACs', () => {
    const a = analyse(chain([28, 28, 192], ['Inception', inc3a]));
    expect(a.valid).toBe(true);
    const n = a.nodes.n1!;
    // Channels: 64 + 128 + 32 + 32 = 256; every branch keeps 28×28 ("same" convs, 3×3/1 pool).
    expect(n.outputShape).toEqual([28, 28, 256]);
    // Weights + biases per conv:
    //   1×1:        192×64      + 64  =  12,352
    //   3×3 reduce: 192×96      + 96  =  18,528
    //   3×3:        3×3×96×128  + 128 = 110,720
    //   5×5 reduce: 192×16      + 16  =   3,088
    //   5×5:        5×5×16×32   + 32  =  12,832
    //   pool proj:  192×32      + 32  =   6,176
    //   total                          163,696
    expect(n.paramCount).toEqual({ trainable: 163_696, nonTrainable: 0 });
    // MACs = 28×28 = 784 positions × the weights (biases are adds, not multiply-adds):
    //   12,288 + 18,432 + 110,592 + 3,072 + 12,800 + 6,144 = 163,328 weights
    //   784 × 163,328 = 130,662,400 − 2,613,248 (16 × 163,328) = 128,049,152
    expect(n.flops).toBe(128_049_152);
    // The widest view is the 5×5 branch (1×1 then 5×5): 5 pixels, jump 1.
    expect(n.receptiveField).toEqual({ size: 5, jump: 1 });
  });

  it('without biases it holds exactly the weights: 163,696 − (64+96+128+16+32+32 = 368) = 163,328', () => {
    const a = analyse(chain([28, 28, 192], ['Inception', { ...inc3a, useBias: false }]));
    expect(a.totals.trainable).toBe(163_328);
  });

  it('gives the same totals collapsed and expanded, with the four branches inside', () => {
    const { collapsed, expandedGraph } = expectExpandedAgrees(chain([28, 28, 192], ['Inception', inc3a]));
    expect(collapsed.totals.trainable).toBe(163_696);
    expect(expandedGraph.nodes.map((n) => n.id)).toEqual(expect.arrayContaining([
      'n1/branch1_1x1', 'n1/branch2_reduce', 'n1/branch2_3x3', 'n1/branch3_reduce', 'n1/branch3_5x5', 'n1/branch4_pool', 'n1/branch4_proj', 'n1/concat',
    ]));
    // Concat keeps the paper's branch order: 1×1, 3×3, 5×5, pool proj on ports 0..3.
    const into = expandedGraph.edges.filter((e) => e.target === 'n1/concat').sort((x, y) => x.targetPort - y.targetPort);
    expect(into.map((e) => e.source)).toEqual(['n1/branch1_1x1', 'n1/branch2_3x3', 'n1/branch3_5x5', 'n1/branch4_proj']);
  });

  it('refuses a flat vector and says where to move it', () => {
    const a = analyse(chain([7, 7, 192], ['GlobalAvgPool'], ['Inception', inc3a]));
    expect(a.nodes.n2!.errors.join()).toMatch(/Inception module needs a feature map .* flat vector of 192; move it before the Flatten\/GlobalAvgPool/);
  });

  it('has teaching text and a face', () => {
    expect(inception.teach.origin).toMatch(/Szegedy.*2014/);
    expect(inception.describe(defaultParams(inception) as typeof inc3a)).toBe('Inception 64/128/32/32 → 256');
  });
});
