import { describe, expect, it } from 'vitest';
import { weightDepth } from '@/lib/compare/depth';
import { getPreset } from '@/presets';
import { chain, edge, node } from '../helpers';

describe('weightDepth', () => {
  it('counts convolutions and dense layers, not pools, flattens or activations', () => {
    const g = chain([8, 8, 1], ['Conv2D', { filters: 2, kernel: 3 }], ['MaxPool'], ['Activation'], ['Conv2D', { filters: 2, kernel: 3 }], ['Flatten'], ['Dense', { units: 4 }], ['Dense', { units: 2 }]);
    expect(weightDepth(g)).toBe(4);
  });

  it('takes the longest path where branches meet (a shortcut does not add depth)', () => {
    // in → a → b → add(b, s) → d;  in → s (one conv on the shortcut). Longest: a, b, then d = 3.
    const conv = { filters: 2, kernel: 3, padding: 'same' };
    const g = {
      nodes: [node('in', 'Input', { height: 4, width: 4, channels: 2 }), node('a', 'Conv2D', conv), node('b', 'Conv2D', conv),
        node('s', 'Conv2D', conv), node('add', 'Add'), node('f', 'Flatten'), node('d', 'Dense', { units: 2 })],
      edges: [edge('in', 'a'), edge('a', 'b'), edge('in', 's'), edge('b', 'add', 0), edge('s', 'add', 1), edge('add', 'f'), edge('f', 'd')],
    };
    expect(weightDepth(g)).toBe(3);
  });

  it('does not count a gate that rescales a map (squeeze-and-excitation)', () => {
    // in → c → mul(c, gate) → f → d, with gate = pool → dense → dense: two layers beside the path.
    const g = {
      nodes: [node('in', 'Input', { height: 4, width: 4, channels: 2 }), node('c', 'Conv2D', { filters: 4, kernel: 3, padding: 'same' }),
        node('p', 'GlobalAvgPool'), node('g1', 'Dense', { units: 2 }), node('g2', 'Dense', { units: 4, activation: 'sigmoid' }),
        node('mul', 'Multiply'), node('f', 'Flatten'), node('d', 'Dense', { units: 2 })],
      edges: [edge('in', 'c'), edge('c', 'p'), edge('p', 'g1'), edge('g1', 'g2'), edge('c', 'mul', 0), edge('g2', 'mul', 1), edge('mul', 'f'), edge('f', 'd')],
    };
    expect(weightDepth(g)).toBe(2);
  });

  it('gives the depth in the papers\' names for the chain\'s models', () => {
    const depth = (id: string) => weightDepth(getPreset(id)!.build());
    expect(['lenet5', 'alexnet', 'vgg16', 'googlenet', 'resnet50', 'se_resnet50', 'densenet121'].map(depth)).toEqual([5, 8, 16, 22, 50, 50, 121]);
  });
});
