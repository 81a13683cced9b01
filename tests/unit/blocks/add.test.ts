import { describe, expect, it } from 'vitest';
import { analyse } from '@/lib/graph/analyse';
import type { Graph } from '@/lib/graph/types';
import { edge, node } from '../helpers';

/** Input → conv (the main path) and Input straight on (the shortcut) → Add(main, shortcut). */
function residual(inShape: [number, number, number], convParams: Record<string, number | string | boolean>): Graph {
  return {
    nodes: [
      node('in', 'Input', { height: inShape[0], width: inShape[1], channels: inShape[2] }),
      node('conv', 'Conv2D', convParams),
      node('add', 'Add'),
    ],
    edges: [edge('in', 'conv'), edge('conv', 'add', 0), edge('in', 'add', 1)],
  };
}

describe('Add', () => {
  it('adds equal shapes with no weights; the receptive field is the wider branch\'s', () => {
    const a = analyse(residual([8, 8, 16], { filters: 16, kernel: 3 }));
    expect(a.valid).toBe(true);
    const n = a.nodes.add!;
    expect(n.outputShape).toEqual([8, 8, 16]);
    expect(n.paramCount).toEqual({ trainable: 0, nonTrainable: 0 });
    expect(n.flops).toBe(0);
    // branches see 3 (conv) and 1 (identity): the sum sees 3.
    expect(n.receptiveField).toEqual({ size: 3, jump: 1 });
  });

  it('adds three inputs', () => {
    const g: Graph = {
      nodes: [node('in', 'Input', { height: 4, width: 4, channels: 2 }), node('a', 'Activation'), node('b', 'Activation'), node('add', 'Add')],
      edges: [edge('in', 'a'), edge('in', 'b'), edge('a', 'add', 0), edge('b', 'add', 1), edge('in', 'add', 2)],
    };
    expect(analyse(g).nodes.add!.outputShape).toEqual([4, 4, 2]);
  });

  it('when the main path halves the map, says to give the shortcut a strided 1×1 conv', () => {
    const [msg] = analyse(residual([28, 28, 64], { filters: 64, kernel: 3, stride: 2 })).nodes.add!.errors;
    expect(msg).toBe('Add needs equal shapes: 14×14×64 and 28×28×64; give the shortcut a 1×1 conv with 64 filters and stride 2');
  });

  it('when the main path changes channels, says to give the shortcut a 1×1 conv', () => {
    const [msg] = analyse(residual([8, 8, 32], { filters: 64, kernel: 3 })).nodes.add!.errors;
    expect(msg).toMatch(/Add needs equal shapes: 8×8×64 and 8×8×32; give the shortcut a 1×1 conv with 64 filters/);
  });

  it('advises the wider channel count whichever port the shortcut is on', () => {
    // Shortcut (32 channels) on port 0, main path (3x3 conv to 64) on port 1.
    const g: Graph = {
      nodes: [node('in', 'Input', { height: 8, width: 8, channels: 32 }), node('c', 'Conv2D', { filters: 64, kernel: 3 }), node('add', 'Add')],
      edges: [edge('in', 'c'), edge('in', 'add', 0), edge('c', 'add', 1)],
    };
    expect(analyse(g).nodes.add!.errors[0]).toMatch(/give the shortcut a 1×1 conv with 64 filters$/);
  });

  it('needs two inputs', () => {
    const g: Graph = {
      nodes: [node('in', 'Input', { height: 4, width: 4, channels: 1 }), node('add', 'Add')],
      edges: [edge('in', 'add')],
    };
    expect(analyse(g).nodes.add!.errors[0]).toMatch(/Add 'add' needs at least 2 inputs but has 1; connect another branch into it/);
  });
});
