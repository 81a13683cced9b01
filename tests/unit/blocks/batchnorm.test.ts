import { describe, expect, it } from 'vitest';
import { batchNorm } from '@/lib/blocks/batchnorm';
import { defaultParams } from '@/lib/blocks/params';
import { analyse } from '@/lib/graph/analyse';
import { chain } from '../helpers';

const params = defaultParams(batchNorm) as { epsilon: number; momentum: number };

describe('BatchNorm', () => {
  it('keeps a map shape and holds 2C trainable and 2C non-trainable params', () => {
    const a = analyse(chain([8, 8, 16], ['BatchNorm']));
    expect(a.valid).toBe(true);
    const bn = a.nodes.n1!;
    expect(bn.outputShape).toEqual([8, 8, 16]);
    // γ and β: 2×16 = 32 trainable; moving mean and variance: 2×16 = 32 non-trainable.
    expect(bn.paramCount).toEqual({ trainable: 32, nonTrainable: 32 });
    expect(bn.flops).toBe(0);
    expect(bn.formula).toBe('2×16 = 32 trainable + 2×16 = 32 non-trainable');
  });

  it('normalises a flat vector over its only axis', () => {
    // After Dense 120: γ, β = 2×120 = 240; moving mean, variance = 240.
    const shape = batchNorm.inferShape([[120]], params);
    expect(shape).toEqual([120]);
    expect(batchNorm.countParams([[120]], params, [120])).toEqual({ trainable: 240, nonTrainable: 240 });
  });

  it('adds its counts to the totals of a conv-BN-ReLU stem (no conv bias, as torchvision)', () => {
    const a = analyse(chain([32, 32, 3],
      ['Conv2D', { filters: 16, kernel: 3, useBias: false }],
      ['BatchNorm'],
      ['Activation', { fn: 'relu' }]));
    // conv 3×3×3×16 = 432; BN γ, β 2×16 = 32 → 464 trainable; moving stats 2×16 = 32.
    expect(a.totals.trainable).toBe(464);
    expect(a.totals.nonTrainable).toBe(32);
    // Only the conv counts: 32·32·3·3·3·16 = 442,368 MACs.
    expect(a.totals.flops).toBe(442_368);
    // BN is pointwise: the receptive field stays the conv's 3, jump 1.
    expect(a.nodes.n2!.receptiveField).toEqual({ size: 3, jump: 1 });
  });

  it('refuses an epsilon of 0 and a momentum above 1', () => {
    const a = analyse(chain([4, 4, 2], ['BatchNorm', { epsilon: 0, momentum: 1.5 }]));
    const errs = a.nodes.n1!.errors.join('\n');
    expect(errs).toMatch(/Epsilon must be between 1e-12 and 1, not 0/);
    expect(errs).toMatch(/Momentum must be between 0 and 1, not 1.5/);
  });

  it('has teaching text naming the paper', () => {
    expect(batchNorm.teach.origin).toMatch(/Ioffe & Szegedy.*2015/);
    expect(batchNorm.describe(params)).toBe('BatchNorm');
  });
});
