/**
 * The pure edits of lib/graph/edits.ts, with ids, ports and positions worked out by hand: adding,
 * removing, wiring (which port a new wire takes), inserting a block into a wire, placing a
 * block, and trying params (Repeat's params reset when its block changes).
 */
import { describe, expect, it } from 'vitest';
import {
  addNode, canWire, connect, disconnect, edgeId, freshNodeId, insertOnEdge, moveNodes, paramsEdit, placeBlock, removeNodes,
  renameNode, setParams, wirePort,
} from '@/lib/graph/edits';
import type { Graph } from '@/lib/graph/types';
import { edge, node, at, positionOf as pos, wireList as wires } from '../helpers';


/** in (0,0) → c1 (0,100) → d (0,200); x (100,250) sits under d in its column; far (500,300) does not. */
function column(): Graph {
  return {
    nodes: [
      at(node('in', 'Input', { height: 8, width: 8, channels: 3 }), 0, 0),
      at(node('c1', 'Conv2D', { filters: 4 }), 0, 100),
      at(node('d', 'Dense', { units: 10 }), 0, 200),
      at(node('x', 'Dropout'), 100, 250),
      at(node('far', 'Dropout'), 500, 300),
    ],
    edges: [edge('in', 'c1'), edge('c1', 'd')],
  };
}

describe('ids and nodes', () => {
  it('makes the first free id of a type, lower-cased with runs of other characters as one _', () => {
    const g: Graph = { nodes: [node('conv2d_1', 'Conv2D'), node('conv2d_3', 'Conv2D')], edges: [] };
    expect(freshNodeId(g, 'Conv2D')).toBe('conv2d_2');
    expect(freshNodeId(g, 'My block')).toBe('my_block_1');
    expect(freshNodeId(g, 'Stem (v2)')).toBe('stem_v2__1');
    expect(edgeId('a', 'b', 3)).toBe('a->b:3');
  });

  it('adds a node with its block\'s default params, overridden by the given ones', () => {
    const { graph, id } = addNode({ nodes: [], edges: [] }, 'Conv2D', { x: 5, y: 6 }, { filters: 8 });
    expect(id).toBe('conv2d_1');
    expect(graph.nodes[0]).toEqual({
      id: 'conv2d_1', type: 'Conv2D', position: { x: 5, y: 6 },
      params: { filters: 8, kernel: 3, stride: 1, padding: 'same', dilation: 1, useBias: true, activation: 'linear' },
    });
    expect(() => addNode(graph, 'Dense', { x: 0, y: 0 }, {}, 'conv2d_1')).toThrow("A node with id 'conv2d_1' already exists");
  });

  it('removes nodes with every wire touching them', () => {
    const g = removeNodes(column(), ['c1']);
    expect(g.nodes.map((n) => n.id)).toEqual(['in', 'd', 'x', 'far']);
    expect(g.edges).toEqual([]);
  });

  it('sets params, moves and names nodes, leaving the others as the same objects', () => {
    const g = column();
    const p = setParams(g, 'c1', { filters: 16 });
    expect(p.nodes[1]!.params).toEqual({ filters: 16 });
    expect(p.nodes[0]).toBe(g.nodes[0]);
    const m = moveNodes(g, new Map([['d', { x: 7, y: 8 }]]));
    expect(pos(m, 'd')).toEqual({ x: 7, y: 8 });
    expect(m.nodes[1]).toBe(g.nodes[1]);
    expect(renameNode(g, 'c1', ' C1 ').nodes[1]!.label).toBe('C1');
    // An empty name removes the label (the key too), so the id shows again.
    expect(renameNode(renameNode(g, 'c1', 'C1'), 'c1', '  ').nodes[1]).toEqual(g.nodes[1]);
    expect('label' in renameNode(renameNode(g, 'c1', 'C1'), 'c1', '').nodes[1]!).toBe(false);
  });
});

describe('wiring', () => {
  /** a and b both feed Concat `cat` (ports 0 and 1); c feeds nothing yet. */
  function join(): Graph {
    return {
      nodes: [node('a', 'Dense'), node('b', 'Dense'), node('c', 'Dense'), node('cat', 'Concat'), node('one', 'Dense')],
      edges: [edge('a', 'cat', 0), edge('b', 'cat', 1), edge('a', 'one')],
    };
  }

  it('connects on the first free port, or replaces the wire on the port asked for', () => {
    expect(wires(connect(join(), 'c', 'cat'))).toEqual(['a>cat:0', 'b>cat:1', 'a>one:0', 'c>cat:2']);
    expect(wires(connect(join(), 'c', 'cat', 0))).toEqual(['b>cat:1', 'a>one:0', 'c>cat:0']);
  });

  it('closes the gap in an ordered block\'s ports when a wire is removed', () => {
    const g = connect(join(), 'c', 'cat');
    // Removing b → cat:1 moves c from port 2 to port 1, with the id that goes with it.
    const d = disconnect(g, ['b->cat:1']);
    expect(wires(d)).toEqual(['a>cat:0', 'a>one:0', 'c>cat:1']);
    expect(d.edges.find((e) => e.source === 'c')!.id).toBe('c->cat:1');
  });

  it('lets a wire start only into a node that takes inputs', () => {
    expect(canWire(column(), 'in', 'c1')).toBe(true);
    expect(canWire(column(), 'c1', 'in')).toBe(false); // an Input takes none
    expect(canWire(column(), 'c1', 'c1')).toBe(false);
    expect(canWire(column(), 'c1', 'nowhere')).toBe(false);
  });

  it('chooses the port of a new wire: the first free one, else the last (replacing it)', () => {
    const g = join();
    expect(wirePort(g, 'c', 'cat')).toBe(2);
    // Dense takes one input, already fed by a: the wire replaces it on port 0.
    expect(wirePort(g, 'b', 'one')).toBe(0);
    // The very same wire again, a node into itself, an Input, an unknown node: no wire.
    expect(wirePort(g, 'a', 'one')).toBeUndefined();
    expect(wirePort(g, 'a', 'a')).toBeUndefined();
    expect(wirePort(column(), 'c1', 'in')).toBeUndefined();
    expect(wirePort(g, 'a', 'nowhere')).toBeUndefined();
    // Add takes 8 inputs: with ports 0 to 7 taken the next wire goes to 7.
    const full: Graph = { nodes: [...g.nodes, node('sum', 'Add')], edges: [0, 1, 2, 3, 4, 5, 6, 7].map((p) => edge(`s${p}`, 'sum', p)) };
    expect(wirePort(full, 'c', 'sum')).toBe(7);
  });
});

describe('inserting a block into a wire', () => {
  it('puts it in the target\'s place; the target and what lies under it in its column move down 64 + 44 = 108', () => {
    const r = insertOnEdge(column(), 'BatchNorm', 'c1->d:0');
    if (!r) throw new Error('not inserted');
    expect(r.id).toBe('batchnorm_1');
    expect(pos(r.graph, 'batchnorm_1')).toEqual({ x: 0, y: 200 });
    expect(pos(r.graph, 'd')).toEqual({ x: 0, y: 308 });
    expect(pos(r.graph, 'x')).toEqual({ x: 100, y: 358 }); // |100 − 0| < 216: same column
    expect(pos(r.graph, 'far')).toEqual({ x: 500, y: 300 }); // |500 − 0| ≥ 216: another column
    expect(pos(r.graph, 'c1')).toEqual({ x: 0, y: 100 }); // above the target
    expect(wires(r.graph)).toEqual(['in>c1:0', 'c1>batchnorm_1:0', 'batchnorm_1>d:0']);
  });

  it('takes over exactly the wire\'s input of a Concat, without renumbering the others', () => {
    const g: Graph = {
      nodes: [node('a', 'Dense'), node('b', 'Dense'), at(node('cat', 'Concat'), 0, 100)],
      edges: [edge('a', 'cat', 0), edge('b', 'cat', 1)],
    };
    const r = insertOnEdge(g, 'Dropout', 'b->cat:1');
    expect(wires(r!.graph)).toEqual(['a>cat:0', 'b>dropout_1:0', 'dropout_1>cat:1']);
  });

  it('does not insert a block that takes no input, nor into a wire that is not there', () => {
    expect(insertOnEdge(column(), 'Input', 'c1->d:0')).toBeUndefined();
    expect(insertOnEdge(column(), 'Dropout', 'c1->nowhere:0')).toBeUndefined();
  });
});

describe('placing a block', () => {
  it('rounds its corner to whole pixels and wires it after the given node', () => {
    const r = placeBlock(column(), 'Dropout', { x: 10.4, y: 20.6 }, { after: 'd' });
    expect(r!.id).toBe('dropout_1');
    expect(pos(r!.graph, 'dropout_1')).toEqual({ x: 10, y: 21 });
    expect(wires(r!.graph)).toEqual(['in>c1:0', 'c1>d:0', 'd>dropout_1:0']);
  });

  it('inserts it into the wire it was dropped on (the drop point no longer counts)', () => {
    const r = placeBlock(column(), 'Dropout', { x: 900, y: 900 }, { onEdge: 'c1->d:0', after: 'in' });
    expect(pos(r!.graph, 'dropout_1')).toEqual({ x: 0, y: 200 });
    expect(wires(r!.graph)).toEqual(['in>c1:0', 'c1>dropout_1:0', 'dropout_1>d:0']);
  });

  it('leaves an Input unwired, and refuses an unknown type', () => {
    const r = placeBlock(column(), 'Input', { x: 0, y: 0 }, { after: 'd' });
    expect(r!.id).toBe('input_1');
    expect(r!.graph.edges).toHaveLength(2);
    // An Input dropped on a wire is not inserted there: it lands where it was dropped.
    expect(pos(placeBlock(column(), 'Input', { x: 3, y: 4 }, { onEdge: 'c1->d:0' })!.graph, 'input_1')).toEqual({ x: 3, y: 4 });
    expect(placeBlock(column(), 'Conv9D', { x: 0, y: 0 })).toBeUndefined();
  });
});

describe('trying params', () => {
  const repeat: Graph = {
    nodes: [node('r', 'Repeat', { block: 'Residual', times: 2, params: { variant: 'bottleneck', filters: 128, stride: 2, seRatio: 0 } })],
    edges: [],
  };

  it('starts a Repeat\'s block params from the defaults of the block it now repeats', () => {
    expect(paramsEdit(repeat, 'r', 'block', 'SE')).toEqual({ ok: true, patch: { block: 'SE', params: { ratio: 16 } } });
    expect(paramsEdit(repeat, 'r', 'block', 'Dropout')).toEqual({ ok: true, patch: { block: 'Dropout', params: { rate: 0.5 } } });
    // Other fields leave the block params alone.
    expect(paramsEdit(repeat, 'r', 'times', 3)).toEqual({ ok: true, patch: { times: 3 } });
  });

  it('refuses a value out of bounds, or one that breaks a rule across params, in words', () => {
    const g: Graph = { nodes: [node('c', 'Conv2D', { stride: 2 })], edges: [] };
    expect(paramsEdit(g, 'c', 'filters', 0)).toMatchObject({ ok: false, error: 'Filters must be between 1 and 8192, not 0' });
    expect(paramsEdit(g, 'c', 'dilation', 2)).toMatchObject({ ok: false, error: 'Stride and dilation cannot both be above 1 (tfjs does not support it); set one of them to 1' });
    expect(paramsEdit(repeat, 'r', 'times', 65)).toMatchObject({ ok: false, error: 'Times must be between 1 and 64, not 65' });
    expect(paramsEdit(g, 'nope', 'filters', 1)).toMatchObject({ ok: false, error: "There is no node 'nope' with a known block type" });
  });

  it('lets other fields change while a rule is already broken (the error is not new)', () => {
    const g: Graph = { nodes: [node('c', 'Conv2D', { stride: 2, dilation: 2 })], edges: [] };
    expect(paramsEdit(g, 'c', 'filters', 16)).toEqual({ ok: true, patch: { filters: 16 } });
  });
});
