import { describe, expect, it } from 'vitest';
import { dropout } from '@/lib/blocks/dropout';
import { analyse } from '@/lib/graph/analyse';
import { chain } from '../helpers';

describe('Dropout', () => {
  it('keeps maps and vectors as they are, with no weights', () => {
    const a = analyse(chain([6, 6, 256], ['Dropout'], ['Flatten'], ['Dropout', { rate: 0.5 }]));
    expect(a.valid).toBe(true);
    expect(a.nodes.n1!.outputShape).toEqual([6, 6, 256]);
    // 6·6·256 = 9,216, AlexNet's flattened width.
    expect(a.nodes.n3!.outputShape).toEqual([9_216]);
    expect(a.totals).toMatchObject({ trainable: 0, nonTrainable: 0, flops: 0 });
    expect(a.nodes.n3!.description).toBe('Dropout 0.5');
  });

  it('accepts a rate of 0 but refuses 1 and says why', () => {
    expect(analyse(chain([4, 4, 1], ['Dropout', { rate: 0 }])).valid).toBe(true);
    const [msg] = analyse(chain([4, 4, 1], ['Dropout', { rate: 1 }])).nodes.n1!.errors;
    expect(msg).toMatch(/rate must be below 1: at 1 every value is dropped .* use 0.5/);
  });

  it('refuses negative rates and strings by the schema bounds', () => {
    expect(analyse(chain([4, 4, 1], ['Dropout', { rate: -0.1 }])).nodes.n1!.errors[0]).toMatch(/Rate must be between 0 and 1, not -0.1/);
    expect(analyse(chain([4, 4, 1], ['Dropout', { rate: 'half' }])).nodes.n1!.errors[0]).toMatch(/Rate must be a number, not "half"/);
  });

  it('defaults to AlexNet\'s 0.5', () => {
    expect(dropout.params.rate!.default).toBe(0.5);
  });
});
