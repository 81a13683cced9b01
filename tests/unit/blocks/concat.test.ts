import { describe, expect, it } from 'vitest';
import { analyse } from '@/lib/graph/analyse';
import type { Graph } from '@/lib/graph/types';
import { edge, node } from '../helpers';

type P = Record<string, number | string | boolean>;

/** Input → one branch per entry (a single layer each) → Concat, branches in port order. */
function branches(inShape: [number, number, number], layers: [string, P][]): Graph {
  const nodes = [node('in', 'Input', { height: inShape[0], width: inShape[1], channels: inShape[2] }), node('cat', 'Concat')];
  const edges = [];
  for (const [i, [type, params]] of layers.entries()) {
    nodes.push(node(`b${i}`, type, params));
    edges.push(edge('in', `b${i}`), edge(`b${i}`, 'cat', i));
  }
  return { nodes, edges };
}

describe('Concat', () => {
  it('stacks channels: the four branches of Inception 3a make 64 + 128 + 32 + 32 = 256', () => {
    const conv = (filters: number, kernel: number): [string, P] => ['Conv2D', { filters, kernel }];
    const a = analyse(branches([28, 28, 192], [conv(64, 1), conv(128, 3), conv(32, 5), conv(32, 1)]));
    expect(a.valid).toBe(true);
    const n = a.nodes.cat!;
    expect(n.outputShape).toEqual([28, 28, 256]);
    expect(n.paramCount).toEqual({ trainable: 0, nonTrainable: 0 });
    // the widest branch (5×5) decides the receptive field.
    expect(n.receptiveField).toEqual({ size: 5, jump: 1 });
  });

  it('joins flat vectors end to end', () => {
    const a = analyse(branches([2, 2, 3], [['Flatten', {}], ['GlobalAvgPool', {}]]));
    // 2·2·3 = 12 and 3 → 15.
    expect(a.nodes.cat!.outputShape).toEqual([15]);
  });

  it('needs the same height and width, and says to match the strides', () => {
    const a = analyse(branches([8, 8, 4], [['Conv2D', { filters: 4, stride: 2 }], ['Conv2D', { filters: 4 }]]));
    const [msg] = a.nodes.cat!.errors;
    expect(msg).toMatch(/Concat needs the same height and width on every input: 4×4×4 and 8×8×4; give the branches the same strides/);
  });

  it('refuses to join a map with a vector', () => {
    const a = analyse(branches([8, 8, 4], [['Activation', {}], ['Flatten', {}]]));
    expect(a.nodes.cat!.errors[0]).toMatch(/Concat cannot join a feature map with a flat vector; flatten both or neither/);
  });
});
