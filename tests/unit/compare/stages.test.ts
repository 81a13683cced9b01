import { describe, expect, it } from 'vitest';
import { analyse } from '@/lib/graph/analyse';
import { blockGeometry, stagesOf } from '@/lib/compare/stages';
import { chain } from '../helpers';

const ids = (g: ReturnType<typeof chain>) => stagesOf(g, analyse(g)).map((s) => `${s.head ? 'head' : s.resolution}:${s.blocks.map((b) => b.id).join(',')}`);

describe('stagesOf', () => {
  it('groups blocks by the resolution they work at; a pool closes its stage; flat outputs form the head', () => {
    // 8×8 → conv (8×8) → pool (reads 8×8, gives 4×4) → conv (4×4) → flatten → dense.
    const g = chain([8, 8, 1],
      ['Conv2D', { filters: 2, kernel: 3, padding: 'same' }], ['MaxPool', { pool: 2, stride: 2 }],
      ['Conv2D', { filters: 4, kernel: 3, padding: 'same' }], ['Flatten'], ['Dense', { units: 3 }]);
    expect(ids(g)).toEqual(['8:n1,n2', '4:n3', 'head:n4,n5']);
    const stages = stagesOf(g, analyse(g));
    expect(stages[0]!.scale).toBe(1);
    expect(stages[1]!.scale).toBe(0.5);
    // conv 3·3·1·2 + 2 = 20 in the first stage; conv 3·3·2·4 + 4 = 76 in the second.
    expect(stages.map((s) => s.trainable)).toEqual([20, 76, 4 * 4 * 4 * 3 + 3]);
  });

  it('keeps a ZeroPad with the block after it and a normalisation after a pool with the pool', () => {
    // 8×8 → pad 1 (10×10) → conv 3×3 valid (8×8) → pool (4×4) → LRN (4×4) → conv (4×4) → flatten.
    const g = chain([8, 8, 1],
      ['ZeroPad', { padding: 1 }], ['Conv2D', { filters: 2, kernel: 3, padding: 'valid' }], ['MaxPool', { pool: 2, stride: 2 }],
      ['LRN'], ['Conv2D', { filters: 2, kernel: 3, padding: 'same' }], ['Flatten']);
    expect(ids(g)).toEqual(['8:n1,n2,n3,n4', '4:n5', 'head:n6']);
  });

  it('a stride-2 convolution starts a new stage at its output resolution', () => {
    const g = chain([8, 8, 1], ['Conv2D', { filters: 2, kernel: 3 }], ['Conv2D', { filters: 2, kernel: 3, stride: 2 }], ['GlobalAvgPool']);
    expect(ids(g)).toEqual(['8:n1', '4:n2', 'head:n3']);
  });
});

describe('blockGeometry', () => {
  it('reads kernel, stride and width; a Repeat its block and copies; Inception its three windows', () => {
    expect(blockGeometry('Conv2D', { kernel: 11, stride: 4, filters: 96 })).toEqual({ kernels: [11], stride: 4, width: 96 });
    expect(blockGeometry('MaxPool', { pool: 3, stride: 2 })).toEqual({ kernels: [3], stride: 2 });
    expect(blockGeometry('Dense', { units: 10 })).toEqual({ kernels: [], width: 10 });
    expect(blockGeometry('Repeat', { block: 'Residual', times: 4, params: { filters: 128, stride: 2 } }))
      .toEqual({ kernels: [3], stride: 2, width: 128, times: 4, inner: 'Residual' });
    expect(blockGeometry('Inception', { n1x1: 64, n3x3: 128, n5x5: 32, poolProj: 32 })).toEqual({ kernels: [1, 3, 5], stride: 1, width: 256 });
  });
});
