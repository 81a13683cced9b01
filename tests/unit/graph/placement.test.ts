/** Where new nodes go (lib/graph/placement.ts), with positions worked out by hand. */
import { describe, expect, it } from 'vitest';
import { BELOW_STEP, clickPlacement, INSERT_PUSH, NODE_H, positionBelow, roomAbove } from '@/lib/graph/placement';
import type { Graph } from '@/lib/graph/types';
import { node, at } from '../helpers';


/** a (10,0); b (10,100); c (300,100): b and c share the lowest row, b first in the list. */
const g: Graph = { nodes: [at(node('a', 'Dense'), 10, 0), at(node('b', 'Dense'), 10, 100), at(node('c', 'Dense'), 300, 100)], edges: [] };

describe('placement', () => {
  it('steps are the node height plus a gap: 64 + 48 below a node, 64 + 44 to make room', () => {
    expect(NODE_H).toBe(64);
    expect(BELOW_STEP).toBe(112);
    expect(INSERT_PUSH).toBe(108);
  });

  it('puts a node after another right below it', () => {
    expect(positionBelow(g, 'a')).toEqual({ x: 10, y: 112 });
    expect(positionBelow(g, 'nope')).toBeUndefined();
  });

  it('places a clicked palette item below the one selected node, wired after it', () => {
    expect(clickPlacement(g, new Set(['c']))).toEqual({ at: { x: 300, y: 212 }, after: 'c' });
  });

  it('with no single selection, 120 under the lowest node (the first of the lowest row), unwired', () => {
    expect(clickPlacement(g, new Set())).toEqual({ at: { x: 10, y: 220 } });
    expect(clickPlacement(g, new Set(['a', 'c']))).toEqual({ at: { x: 10, y: 220 } });
    // A selected id that is not in the graph counts as no selection.
    expect(clickPlacement(g, new Set(['gone']))).toEqual({ at: { x: 10, y: 220 } });
    expect(clickPlacement({ nodes: [], edges: [] }, new Set())).toEqual({ at: { x: 0, y: 0 } });
  });

  it('makes room above a node: it and the nodes under it in its column move down 108', () => {
    // Column of b: |x − 10| < 216 and y ≥ 99, so b, and d at (200, 150); not c (x 300), not a (y 0).
    const h: Graph = { nodes: [...g.nodes, at(node('d', 'Dense'), 200, 150)], edges: [] };
    const r = roomAbove(h, 'b')!;
    expect(r.spot).toEqual({ x: 10, y: 100 });
    expect([...r.moved]).toEqual([['b', { x: 10, y: 208 }], ['d', { x: 200, y: 258 }]]);
    expect(roomAbove(h, 'nope')).toBeUndefined();
  });
});
