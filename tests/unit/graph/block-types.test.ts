/**
 * Block types of a graph as edits (lib/graph/block-types.ts): rename, delete with the copies
 * turned back into their layers, names from any text, sameness, and bringing definitions in
 * without losing either side of a name clash. Ids, wires and positions worked out by hand;
 * totals checked with analyse.
 */
import { describe, expect, it } from 'vitest';
import { analyse } from '@/lib/graph/analyse';
import {
  adoptBlocks, blockInstances, blockNameFrom, blockTypesUsed, definitionFrom, deleteBlockType, freeBlockName, makeBlock,
  renameBlockType, sameDefinition,
} from '@/lib/graph/block-types';
import type { CustomBlockDef, Graph } from '@/lib/graph/types';
import { edge, node, at, positionOf as pos, wireList as wires, branchyChain } from '../helpers';



/** branchyChain() with c2 and sum grouped into block "Res": node res_1 at (0, 200). */
function withRes(): Graph {
  const r = makeBlock(branchyChain(), ['c2', 'sum'], 'Res');
  if ('error' in r) throw new Error(r.error);
  return r.graph;
}

// c1: 3×3×3×4 + 4 = 112; c2: 3×3×4×4 + 4 = 148; Dense 8·8·4 × 10 + 10 = 2,570.
const TOTAL = 112 + 148 + 2570;

describe('rename', () => {
  it('renames the definition, its key and every copy', () => {
    const g = withRes();
    expect(pos(g, 'res_1')).toEqual({ x: 0, y: 200 });
    const r = renameBlockType(g, 'Res', 'Skip');
    if ('error' in r) throw new Error(r.error);
    expect(Object.keys(r.graph.blocks!)).toEqual(['Skip']);
    expect(r.graph.blocks!.Skip!.name).toBe('Skip');
    expect(r.graph.blocks!.Skip!.nodes).toBe(g.blocks!.Res!.nodes);
    expect(r.graph.nodes.find((n) => n.id === 'res_1')!.type).toBe('Skip');
    expect(analyse(r.graph).totals.trainable).toBe(TOTAL);
  });

  it('keeps the order of the blocks, and renames a Repeat\'s reference to the block', () => {
    const g = withRes();
    const other: CustomBlockDef = { ...g.blocks!.Res!, name: 'Other' };
    const h: Graph = { ...g, nodes: [...g.nodes, node('rep', 'Repeat', { block: 'Res', times: 2, params: {} })], blocks: { Other: other, Res: g.blocks!.Res! } };
    const r = renameBlockType(h, 'Res', 'Skip');
    if ('error' in r) throw new Error(r.error);
    expect(Object.keys(r.graph.blocks!)).toEqual(['Other', 'Skip']);
    expect(r.graph.blocks!.Other).toBe(other);
    expect(r.graph.nodes.find((n) => n.id === 'rep')!.params.block).toBe('Skip');
  });

  it('refuses names that cannot be a block\'s, saying why', () => {
    const g = { ...withRes(), blocks: { ...withRes().blocks, Other: { ...withRes().blocks!.Res!, name: 'Other' } } };
    const err = (to: string, from = 'Res') => { const r = renameBlockType(g, from, to); return 'error' in r ? r.error : 'renamed'; };
    expect(err('Conv2D')).toBe('"Conv2D" is a built-in block; choose another name for yours');
    expect(err('Other')).toBe('This graph already has a block named "Other"; choose another name');
    expect(err('9 lives')).toMatch(/^"9 lives" cannot name a block: start with a letter/);
    expect(err('X', 'Nope')).toBe('This graph has no block named "Nope"');
    // The same name (spaces around it trimmed) is no change, not a clash.
    expect(renameBlockType(g, 'Res', ' Res ')).toEqual({ graph: g });
  });
});

describe('delete', () => {
  it('puts the layers back in the copy\'s place, wired as the block was, totals unchanged', () => {
    const r = deleteBlockType(withRes(), 'Res');
    if ('error' in r) throw new Error(r.error);
    expect(r.inlined).toEqual(['res_1']);
    expect(r.graph.blocks).toBeUndefined();
    expect(r.graph.nodes.map((n) => n.id)).toEqual(['in', 'c1', 'c2', 'sum', 'f', 'd']);
    // The definition's layers sit at (0,0) and (0,100); centred on the copy at (0,200).
    expect(pos(r.graph, 'c2')).toEqual({ x: 0, y: 200 });
    expect(pos(r.graph, 'sum')).toEqual({ x: 0, y: 300 });
    // Nodes below the copy move down by the block's height, 100.
    expect(pos(r.graph, 'f')).toEqual({ x: 0, y: 500 });
    expect(pos(r.graph, 'c1')).toEqual({ x: 0, y: 100 });
    // Input 0 of the block fed c2:0 and sum:0; its output was sum.
    expect(wires(r.graph)).toEqual(['in>c1:0', 'f>d:0', 'c1>c2:0', 'c1>sum:0', 'sum>f:0', 'c2>sum:1']);
    expect(analyse(r.graph).errors).toEqual([]);
    expect(analyse(r.graph).totals).toEqual(analyse(branchyChain()).totals);
  });

  it('names the layers of a second copy after it when the definition\'s ids are taken', () => {
    const g = withRes();
    const two: Graph = { ...g, nodes: [...g.nodes, at(node('res_2', 'Res'), 300, 0)], edges: [...g.edges, edge('c1', 'res_2')] };
    expect(blockInstances(two, 'Res')).toEqual(['res_1', 'res_2']);
    const r = deleteBlockType(two, 'Res');
    if ('error' in r) throw new Error(r.error);
    expect(r.graph.nodes.map((n) => n.id)).toEqual(['in', 'c1', 'c2', 'sum', 'f', 'd', 'res_2_c2', 'res_2_sum']);
    expect(wires(r.graph).filter((w) => w.includes('res_2'))).toEqual(['c1>res_2_c2:0', 'c1>res_2_sum:0', 'res_2_c2>res_2_sum:1']);
  });

  it('deletes an unused block at once, and refuses while a Repeat repeats it', () => {
    const g = withRes();
    const spare: Graph = { ...g, blocks: { ...g.blocks, Spare: { ...g.blocks!.Res!, name: 'Spare' } } };
    const r = deleteBlockType(spare, 'Spare');
    if ('error' in r) throw new Error(r.error);
    expect(r.inlined).toEqual([]);
    expect(Object.keys(r.graph.blocks!)).toEqual(['Res']);
    expect(r.graph.nodes).toBe(spare.nodes);
    const rep: Graph = { ...g, nodes: [...g.nodes, node('rep', 'Repeat', { block: 'Res', times: 2, params: {} })] };
    expect(deleteBlockType(rep, 'Res')).toMatchObject({ error: `'rep' repeats "Res"; choose another block there first, then delete "Res"` });
    expect(deleteBlockType(g, 'Nope')).toMatchObject({ error: 'This graph has no block named "Nope"' });
  });
});

describe('names, sameness and adopting definitions', () => {
  it('makes a valid name from any text', () => {
    expect(blockNameFrom('Stem (v2)')).toBe('Stem v2');
    expect(blockNameFrom('1x1 stack')).toBe('Block 1x1 stack');
    expect(blockNameFrom('  ')).toBe('Block');
    expect(blockNameFrom('A'.repeat(50))).toBe('A'.repeat(40));
  });

  it('finds the next free name: the name, else "name 2", "name 3"', () => {
    const g = withRes();
    expect(freeBlockName(g, 'Fresh')).toBe('Fresh');
    expect(freeBlockName(g, 'Res')).toBe('Res 2');
    expect(freeBlockName({ blocks: { ...g.blocks, 'Res 2': g.blocks!.Res! } }, 'Res')).toBe('Res 3');
    expect(freeBlockName(g, 'Dense')).toBe('Dense 2');
    // A 40-character name taken: the suffix takes the place of its last two characters.
    expect(freeBlockName({ blocks: { ['B'.repeat(40)]: g.blocks!.Res! } }, 'B'.repeat(40))).toBe(`${'B'.repeat(38)} 2`);
  });

  it('tells the same block apart from another, whatever its ids, positions and labels', () => {
    const res = withRes().blocks!.Res!;
    const renamed: CustomBlockDef = {
      ...res,
      nodes: res.nodes.map((n, i) => ({ ...n, id: `n${i}`, label: 'x', position: { x: 9, y: 9 * i } })),
      edges: res.edges.map((e) => ({ ...e, id: 'e', source: e.source === 'c2' ? 'n0' : 'n1', target: e.target === 'c2' ? 'n0' : 'n1' })),
      inputs: [[{ node: 'n0', port: 0 }, { node: 'n1', port: 0 }]],
      output: 'n1',
    };
    expect(sameDefinition(res, renamed)).toBe(true);
    const wider: CustomBlockDef = { ...res, nodes: res.nodes.map((n) => (n.id === 'c2' ? { ...n, params: { ...n.params, filters: 8 } } : n)) };
    expect(sameDefinition(res, wider)).toBe(false);
    expect(sameDefinition(res, { ...res, output: 'c2' })).toBe(false);
  });

  it('adopts definitions: a free name is kept, the same block is shared, a different one is renamed', () => {
    const g = withRes();
    const res = g.blocks!.Res!;
    const wider: CustomBlockDef = { ...res, nodes: res.nodes.map((n) => (n.id === 'c2' ? { ...n, params: { ...n.params, filters: 8 } } : n)) };
    const fresh: CustomBlockDef = { ...res, name: 'Fresh' };
    const same = adoptBlocks(g, [{ ...res }]);
    expect(same.graph).toBe(g);
    expect(same.renamed).toEqual([]);
    const r = adoptBlocks(g, [wider, fresh]);
    expect(Object.keys(r.graph.blocks!)).toEqual(['Res', 'Res 2', 'Fresh']);
    expect(r.graph.blocks!['Res 2']!.name).toBe('Res 2');
    expect(r.graph.blocks!.Res).toBe(res);
    expect([...r.names]).toEqual([['Res', 'Res 2'], ['Fresh', 'Fresh']]);
    expect(r.renamed).toEqual([{ from: 'Res', to: 'Res 2' }]);
  });

  it('lists the block types nodes use, as their type or in a Repeat', () => {
    const g = withRes();
    const rep = node('rep', 'Repeat', { block: 'Res', times: 2, params: {} });
    expect(blockTypesUsed(g, g.nodes)).toEqual([g.blocks!.Res]);
    expect(blockTypesUsed(g, [rep])).toEqual([g.blocks!.Res]);
    expect(blockTypesUsed(g, [g.nodes[0]!])).toEqual([]);
  });
});

describe('definitions from layers that stay in place', () => {
  it('leaves Inputs out (their wires become inputs) and feeds unfed layers from outside', () => {
    // in, c1 and c2: the Input is left out, so c1 reads the block's input; c2 is the end.
    const r = definitionFrom({ ...branchyChain(), edges: branchyChain().edges.filter((e) => e.source !== 'c2' && e.target !== 'sum') }, ['in', 'c1', 'c2'], 'Two');
    if ('error' in r) throw new Error(r.error);
    expect(r.def.nodes.map((n) => `${n.id}@${n.position.x},${n.position.y}`)).toEqual(['c1@0,0', 'c2@0,100']);
    expect(r.def.inputs).toEqual([[{ node: 'c1', port: 0 }]]);
    expect(r.def.output).toBe('c2');
    // Two layers nothing feeds, one of them feeding the other: one input for the one unfed.
    const alone: Graph = { nodes: [at(node('a', 'Dense'), 0, 0), at(node('b', 'Dense'), 0, 100)], edges: [edge('a', 'b')] };
    const s = definitionFrom(alone, ['a', 'b'], 'Pair');
    expect('def' in s && s.def.inputs).toEqual([[{ node: 'a', port: 0 }]]);
  });

  it('refuses what cannot be one block, with makeBlock\'s reasons', () => {
    const apart: Graph = { nodes: [node('a', 'Dense'), node('b', 'Dense')], edges: [] };
    expect(definitionFrom(apart, ['a', 'b'], 'X')).toMatchObject({ error: expect.stringMatching(/^The selected layers are not connected to each other \('b' stands apart\)/) as unknown as string });
    expect(definitionFrom(branchyChain(), ['in'], 'X')).toMatchObject({ error: 'it holds no layers' });
  });
});
