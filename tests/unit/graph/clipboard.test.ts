/**
 * Copy and paste (lib/graph/clipboard.ts): fresh ids, where the paste lands, wiring after a
 * node, and the block definitions a clip carries into another graph, name clashes included.
 */
import { describe, expect, it } from 'vitest';
import { analyse } from '@/lib/graph/analyse';
import { makeBlock } from '@/lib/graph/block-types';
import { copyNodes, pasteClip, readClip, PASTE_OFFSET } from '@/lib/graph/clipboard';
import type { CustomBlockDef, Graph } from '@/lib/graph/types';
import { edge, node, at, positionOf as pos, wireList as wires } from '../helpers';


/** A 3×3 conv with 4 filters, every param given (as the editor writes nodes). */
const CONV = { filters: 4, kernel: 3, stride: 1, padding: 'same', dilation: 1, useBias: true, activation: 'linear' };

/** Input 8×8×3 → c1 (0,100) → Res (c2 → add with the block's input) at (0,200) → f → d. */
function source(): Graph {
  const flat: Graph = {
    nodes: [
      at(node('in', 'Input', { height: 8, width: 8, channels: 3 }), 0, 0),
      at(node('c1', 'Conv2D', CONV), 0, 100),
      at(node('c2', 'Conv2D', CONV), 0, 200),
      at(node('sum', 'Add'), 0, 300),
      at(node('f', 'Flatten'), 0, 400),
      at(node('d', 'Dense', { units: 10 }), 0, 500),
    ],
    edges: [edge('in', 'c1'), edge('c1', 'c2'), edge('c1', 'sum', 0), edge('c2', 'sum', 1), edge('sum', 'f'), edge('f', 'd')],
  };
  const r = makeBlock(flat, ['c2', 'sum'], 'Res');
  if ('error' in r) throw new Error(r.error);
  return r.graph;
}

/** What New makes: one Input, 8×8×3 here. */
const fresh = (): Graph => ({ nodes: [node('input', 'Input', { height: 8, width: 8, channels: 3 })], edges: [] });

describe('copy', () => {
  it('holds the nodes, the wires between them and the definitions they use', () => {
    const g = source();
    const clip = copyNodes(g, ['c1', 'res_1'])!;
    expect(clip.nodes.map((n) => n.id)).toEqual(['c1', 'res_1']);
    expect(wires({ nodes: [], edges: clip.edges })).toEqual(['c1>res_1:0']);
    expect(clip.blocks).toEqual({ Res: g.blocks!.Res });
    expect(copyNodes(g, ['c1'])!.blocks).toBeUndefined();
    expect(copyNodes(g, ['gone'])).toBeUndefined();
  });
});

describe('paste', () => {
  it('gives fresh ids, lands 40 right and down, and carries the block into another graph', () => {
    const clip = copyNodes(source(), ['c1', 'res_1'])!;
    const r = pasteClip(fresh(), clip);
    expect(PASTE_OFFSET).toBe(40);
    expect(r.ids).toEqual(['conv2d_1', 'res_1']);
    expect(pos(r.graph, 'conv2d_1')).toEqual({ x: 40, y: 140 });
    expect(pos(r.graph, 'res_1')).toEqual({ x: 40, y: 240 });
    expect(wires(r.graph)).toEqual(['conv2d_1>res_1:0']);
    expect(r.graph.blocks).toEqual({ Res: source().blocks!.Res });
    expect(r.renamed).toEqual([]);
  });

  it('wires the clip\'s entry nodes after a node, and the block counts as in the graph it came from', () => {
    const clip = copyNodes(source(), ['c1', 'res_1'])!;
    const r = pasteClip(fresh(), clip, { after: 'input' });
    expect(wires(r.graph)).toEqual(['conv2d_1>res_1:0', 'input>conv2d_1:0']);
    // 3×3×3×4 + 4 = 112 for the conv, 3×3×4×4 + 4 = 148 inside Res.
    const a = analyse(r.graph);
    expect(a.nodes.res_1!.paramCount.trainable).toBe(148);
    expect(a.totals.trainable).toBe(112 + 148);
  });

  it('puts the clip\'s top-left corner at `at`', () => {
    const r = pasteClip(fresh(), copyNodes(source(), ['c1', 'res_1'])!, { at: { x: 500, y: 0 } });
    expect(pos(r.graph, 'conv2d_1')).toEqual({ x: 500, y: 0 });
    expect(pos(r.graph, 'res_1')).toEqual({ x: 500, y: 100 });
  });

  it('shares the block when the graph has the same one, and renames the incoming one when it has another', () => {
    const g = source();
    const clip = copyNodes(g, ['res_1'])!;
    const again = pasteClip(g, clip);
    expect(again.ids).toEqual(['res_2']);
    expect(again.graph.blocks).toBe(g.blocks);
    expect(again.renamed).toEqual([]);

    // The target's "Res" has a wider conv: the pasted one becomes "Res 2", and so do its nodes.
    const res = g.blocks!.Res!;
    const other: CustomBlockDef = { ...res, nodes: res.nodes.map((n) => (n.id === 'c2' ? { ...n, params: { ...n.params, filters: 8 } } : n)) };
    const target: Graph = { ...fresh(), blocks: { Res: other } };
    const r = pasteClip(target, clip);
    expect(r.renamed).toEqual([{ from: 'Res', to: 'Res 2' }]);
    expect(Object.keys(r.graph.blocks!)).toEqual(['Res', 'Res 2']);
    expect(r.graph.blocks!.Res).toBe(other);
    expect(r.ids).toEqual(['res_2_1']);
    expect(r.graph.nodes.find((n) => n.id === 'res_2_1')!.type).toBe('Res 2');
  });
});

describe('reading a clip back from storage', () => {
  it('takes a stored clip, with or without blocks, and refuses other shapes', () => {
    const clip = copyNodes(source(), ['c1', 'res_1'])!;
    expect(readClip(JSON.parse(JSON.stringify(clip)))).toEqual(clip);
    const old = { name: 'Selection', nodes: clip.nodes, edges: clip.edges }; // as older versions wrote it
    expect(readClip(old)).toEqual({ nodes: clip.nodes, edges: clip.edges });
    // A definition the file reader refuses (a block inside a block) is left out.
    const nested = { ...clip, blocks: { ...clip.blocks, Outer: { name: 'Outer', nodes: [node('x', 'Res')], edges: [], inputs: [[{ node: 'x', port: 0 }]], output: 'x' } } };
    expect(Object.keys(readClip(JSON.parse(JSON.stringify(nested)))!.blocks!)).toEqual(['Res']);
    expect(readClip({ nodes: [], edges: [] })).toBeUndefined();
    expect(readClip({ nodes: [{ id: 1 }], edges: [] })).toBeUndefined();
    expect(readClip('text')).toBeUndefined();
  });
});
