import { describe, expect, it } from 'vitest';
import { ACTIVATION_FUNCTIONS, ACTIVATION_NOTES, activation } from '@/lib/blocks/activation';
import { analyse } from '@/lib/graph/analyse';
import { chain } from '../helpers';

describe('Activation', () => {
  it.each(ACTIVATION_FUNCTIONS)('%s keeps the shape and has no weights or MACs', (fn) => {
    const a = analyse(chain([5, 7, 3], ['Activation', { fn }]));
    expect(a.valid).toBe(true);
    const n = a.nodes.n1!;
    expect(n.outputShape).toEqual([5, 7, 3]);
    expect(n.paramCount).toEqual({ trainable: 0, nonTrainable: 0 });
    expect(n.flops).toBe(0);
    // Pointwise: one output value sees one input pixel.
    expect(n.receptiveField).toEqual({ size: 1, jump: 1 });
    expect(ACTIVATION_NOTES[fn].formula.length).toBeGreaterThan(0);
  });

  it('defaults to ReLU and names the function on the node face', () => {
    expect(activation.params.fn!.default).toBe('relu');
    expect(activation.describe({ fn: 'relu' })).toBe('ReLU');
    expect(activation.describe({ fn: 'relu6' })).toBe('ReLU6');
    expect(activation.describe({ fn: 'swish' })).toBe('Swish');
    expect(activation.describe({ fn: 'softmax' })).toBe('Softmax');
  });

  it('refuses an unknown function and lists the ones it knows', () => {
    const a = analyse(chain([4, 4, 1], ['Activation', { fn: 'gelu' }]));
    const msg = a.nodes.n1!.errors.join('\n');
    expect(msg).toMatch(/Function must be one of "relu", "relu6", "sigmoid", "tanh", "swish", "softmax", not "gelu"/);
  });

  it('teaches where each function comes from', () => {
    expect(ACTIVATION_NOTES.relu.note).toMatch(/AlexNet/);
    expect(ACTIVATION_NOTES.swish.note).toMatch(/EfficientNet/);
    expect(activation.teach.origin).toMatch(/Nair & Hinton \(2010\)/);
  });
});
