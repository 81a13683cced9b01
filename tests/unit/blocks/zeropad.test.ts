import { describe, expect, it } from 'vitest';
import { analyse } from '@/lib/graph/analyse';
import { chain } from '../helpers';

describe('ZeroPad', () => {
  it('gives ZFNet its 110×110 conv1: pad 224 by 1, then 7×7 stride 2 valid', () => {
    const a = analyse(chain([224, 224, 3], ['ZeroPad', { padding: 1 }], ['Conv2D', { filters: 96, kernel: 7, stride: 2, padding: 'valid' }]));
    expect(a.valid).toBe(true);
    // 224 + 2·1 = 226; floor((226 − 7) / 2) + 1 = 109 + 1 = 110.
    expect(a.nodes.n1!.outputShape).toEqual([226, 226, 3]);
    expect(a.nodes.n2!.outputShape).toEqual([110, 110, 96]);
    expect(a.nodes.n1!.paramCount).toEqual({ trainable: 0, nonTrainable: 0 });
    // conv1: 7·7·3·96 + 96 = 14,208 params; 110·110·7·7·3·96 = 12,100 · 14,112 = 170,755,200 MACs.
    expect(a.totals.trainable).toBe(14_208);
    expect(a.totals.flops).toBe(170_755_200);
  });

  it('adds the extra bottom rows and right columns on top of the symmetric padding', () => {
    // height 7 + 2·2 + 1 = 12; width 7 + 2·2 + 0 = 11.
    const n = analyse(chain([7, 7, 2], ['ZeroPad', { padding: 2, bottom: 1 }])).nodes.n1!;
    expect(n.outputShape).toEqual([12, 11, 2]);
    expect(n.description).toBe('ZeroPad 2, +1 bottom');
    // Padding moves no window: the receptive field stays one pixel.
    expect(n.receptiveField).toEqual({ size: 1, jump: 1 });
    expect(analyse(chain([7, 7, 2], ['ZeroPad', { padding: 0, bottom: 1, right: 1 }])).nodes.n1!.outputShape).toEqual([8, 8, 2]);
  });

  it('refuses negative and fractional padding, and flat vectors', () => {
    expect(analyse(chain([4, 4, 1], ['ZeroPad', { padding: -1 }])).nodes.n1!.errors[0]).toMatch(/Padding must be between 0 and 256, not -1/);
    expect(analyse(chain([4, 4, 1], ['ZeroPad', { padding: 1.5 }])).nodes.n1!.errors[0]).toMatch(/Padding must be a whole number, not 1.5/);
    expect(analyse(chain([4, 4, 1], ['Flatten'], ['ZeroPad'])).nodes.n2!.errors[0]).toMatch(/ZeroPad needs a feature map/);
  });
});
