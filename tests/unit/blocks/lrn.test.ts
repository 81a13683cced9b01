import { describe, expect, it } from 'vitest';
import { lrn } from '@/lib/blocks/lrn';
import { defaultParams } from '@/lib/blocks/params';
import { analyse } from '@/lib/graph/analyse';
import { chain } from '../helpers';

describe('LRN', () => {
  it('defaults to the AlexNet paper: n = 5, α = 10⁻⁴, β = 0.75, k = 2', () => {
    expect(defaultParams(lrn)).toEqual({ size: 5, alpha: 1e-4, beta: 0.75, k: 2 });
  });

  it('keeps AlexNet\'s 55×55×96 map, with no weights, MACs or growth of the receptive field', () => {
    const a = analyse(chain([227, 227, 3], ['Conv2D', { filters: 96, kernel: 11, stride: 4, padding: 'valid' }], ['LRN']));
    expect(a.valid).toBe(true);
    // conv1: floor((227 − 11) / 4) + 1 = 55.
    expect(a.nodes.n2!.outputShape).toEqual([55, 55, 96]);
    expect(a.nodes.n2!.paramCount).toEqual({ trainable: 0, nonTrainable: 0 });
    expect(a.nodes.n2!.flops).toBe(0);
    // It mixes channels at one position only: the conv's 11, jump 4, stays.
    expect(a.nodes.n2!.receptiveField).toEqual({ size: 11, jump: 4 });
    expect(a.nodes.n2!.description).toBe('LRN 5');
  });

  it('refuses an even size and names the odd sizes either side', () => {
    const [msg] = analyse(chain([8, 8, 16], ['LRN', { size: 4 }])).nodes.n1!.errors;
    expect(msg).toMatch(/LRN size must be odd .*; use 3 or 5/);
  });

  it('refuses a flat vector and a non-positive k', () => {
    expect(analyse(chain([2, 2, 4], ['Flatten'], ['LRN'])).nodes.n2!.errors[0]).toMatch(/LRN needs a feature map .* flat vector of 16/);
    expect(analyse(chain([2, 2, 4], ['LRN', { k: 0 }])).nodes.n1!.errors[0]).toMatch(/k must be between 0.000001 and 100, not 0/);
  });
});
