import { describe, expect, it } from 'vitest';
import { analyse } from '@/lib/graph/analyse';
import type { Graph } from '@/lib/graph/types';
import { edge, node } from '../helpers';

/** A squeeze-and-excitation block on a 14×14×64 map: GAP → Dense r → Dense c → Multiply. */
function seGraph(units: number, mapPort: 0 | 1): Graph {
  return {
    nodes: [
      node('in', 'Input', { height: 14, width: 14, channels: 64 }),
      node('gap', 'GlobalAvgPool'),
      node('fc1', 'Dense', { units: 4, activation: 'relu' }),
      node('fc2', 'Dense', { units, activation: 'sigmoid' }),
      node('mul', 'Multiply'),
    ],
    edges: [edge('in', 'gap'), edge('gap', 'fc1'), edge('fc1', 'fc2'), edge('in', 'mul', mapPort), edge('fc2', 'mul', 1 - mapPort)],
  };
}

/** Two inputs of the given shapes straight into a Multiply. */
function pair(a: [number, number, number], b: [number, number, number]): Graph {
  return {
    nodes: [
      node('a', 'Input', { height: a[0], width: a[1], channels: a[2] }),
      node('b', 'Input', { height: b[0], width: b[1], channels: b[2] }),
      node('mul', 'Multiply'),
    ],
    edges: [edge('a', 'mul', 0), edge('b', 'mul', 1)],
  };
}

describe('Multiply', () => {
  it.each([0, 1] as const)('scales a map by a per-channel [C] vector (map on port %i)', (port) => {
    const a = analyse(seGraph(64, port));
    expect(a.valid).toBe(true);
    expect(a.nodes.mul!.outputShape).toEqual([14, 14, 64]);
    expect(a.nodes.mul!.paramCount).toEqual({ trainable: 0, nonTrainable: 0 });
    expect(a.nodes.mul!.flops).toBe(0);
    // SE dense layers: 64×4 + 4 = 260 and 4×64 + 64 = 320 → 580 params; MACs 256 + 256 = 512.
    expect(a.totals.trainable).toBe(580);
    expect(a.totals.flops).toBe(512);
  });

  it('broadcasts a 1×1×C vector too, in either order', () => {
    expect(analyse(pair([14, 14, 64], [1, 1, 64])).nodes.mul!.outputShape).toEqual([14, 14, 64]);
    expect(analyse(pair([1, 1, 64], [14, 14, 64])).nodes.mul!.outputShape).toEqual([14, 14, 64]);
  });

  it('multiplies equal shapes element by element', () => {
    expect(analyse(pair([5, 3, 2], [5, 3, 2])).nodes.mul!.outputShape).toEqual([5, 3, 2]);
  });

  it('says how many units the vector needs when the channels disagree', () => {
    const a = analyse(seGraph(32, 0));
    const [msg] = a.nodes.mul!.errors;
    expect(msg).toMatch(/14×14×64 map by one number per channel, so the vector needs 64 values, not 32/);
    expect(msg).toMatch(/last Dense or 1×1 conv\) 64 units/);
  });

  it('refuses two maps of different sizes and says to match them', () => {
    const [msg] = analyse(pair([14, 14, 64], [7, 7, 64])).nodes.mul!.errors;
    expect(msg).toMatch(/Multiply needs equal shapes/);
    expect(msg).toMatch(/got 14×14×64 and 7×7×64; make both branches end in the same shape/);
  });

  it('needs both of its inputs', () => {
    const g: Graph = {
      nodes: [node('in', 'Input', { height: 4, width: 4, channels: 1 }), node('mul', 'Multiply')],
      edges: [edge('in', 'mul')],
    };
    expect(analyse(g).nodes.mul!.errors[0]).toMatch(/needs at least 2 inputs but has 1; connect another branch/);
  });
});
