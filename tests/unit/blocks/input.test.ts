import { describe, expect, it } from 'vitest';
import { input } from '@/lib/blocks/input';
import { analyse } from '@/lib/graph/analyse';
import type { Graph } from '@/lib/graph/types';
import { chain, edge, node } from '../helpers';

describe('Input', () => {
  it('gives its height×width×channels, channels last, with no weights', () => {
    const a = analyse(chain([32, 24, 3]));
    expect(a.valid).toBe(true);
    const n = a.nodes.in!;
    expect(n.outputShape).toEqual([32, 24, 3]);
    expect(n.paramCount).toEqual({ trainable: 0, nonTrainable: 0 });
    // one pixel sees itself.
    expect(n.receptiveField).toEqual({ size: 1, jump: 1 });
    // 32·24·3 floats · 4 bytes = 9,216 bytes.
    expect(n.activationBytes).toBe(9_216);
    expect(a.inputs).toEqual(['in']);
    expect(input.describe({ height: 32, width: 24, channels: 3 })).toBe('Input 32×24×3');
  });

  it('defaults to an MNIST digit, 28×28×1', () => {
    expect(analyse({ nodes: [node('in', 'Input')], edges: [] }).nodes.in!.outputShape).toEqual([28, 28, 1]);
  });

  it('refuses zero, negative and string sizes', () => {
    const errs = analyse({ nodes: [node('in', 'Input', { height: 0, width: -4, channels: 'three' })], edges: [] }).nodes.in!.errors.join('\n');
    expect(errs).toMatch(/Height must be between 1 and 1024, not 0/);
    expect(errs).toMatch(/Width must be between 1 and 1024, not -4/);
    expect(errs).toMatch(/Channels must be a number, not "three"/);
  });

  it('takes no input edge', () => {
    const g: Graph = { nodes: [node('a', 'Input'), node('b', 'Input')], edges: [edge('a', 'b')] };
    expect(analyse(g).nodes.b!.errors[0]).toMatch(/Input 'b' takes no input; edge from 'a' cannot end there/);
  });

  it('is required: a graph without one says to add it', () => {
    const g: Graph = { nodes: [node('c', 'Conv2D'), node('d', 'Activation')], edges: [edge('c', 'd')] };
    expect(analyse(g).errors.map((e) => e.message)).toContain('The graph has no Input; add an Input block and connect the first layer to it');
  });
});
