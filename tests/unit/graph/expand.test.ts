/**
 * Opening composites (lib/graph/expand.ts): inner ids under the block's id, wires through the
 * block's inputs and output, positions centred where the block was, and blocks whose inside is
 * not known yet left alone. Worked out by hand on a small custom block and on a Repeat.
 */
import { describe, expect, it } from 'vitest';
import { analyse } from '@/lib/graph/analyse';
import { expandGraph, INNER_SEPARATOR } from '@/lib/graph/expand';
import type { Graph } from '@/lib/graph/types';
import { edge, node, at, RES_BLOCK as RES } from '../helpers';

const wires = (g: Graph) => g.edges.map((e) => `${e.id} = ${e.source}>${e.target}:${e.targetPort}`);


/** in → r1 (100,200) → r2 (100,400) → f → d. */
function twoRes(): Graph {
  return {
    nodes: [
      node('in', 'Input', { height: 8, width: 8, channels: 4 }),
      at(node('r1', 'Res'), 100, 200), at(node('r2', 'Res'), 100, 400),
      node('f', 'Flatten'), node('d', 'Dense', { units: 10 }),
    ],
    edges: [edge('in', 'r1'), edge('r1', 'r2'), edge('r2', 'f'), edge('f', 'd')],
    blocks: { Res: RES },
  };
}

describe('expandGraph', () => {
  it('replaces one block by its inside: ids under the block, wires through its input and output', () => {
    const g = expandGraph(twoRes(), { ids: ['r1'] });
    expect(INNER_SEPARATOR).toBe('/');
    expect(g.nodes.map((n) => n.id)).toEqual(['in', 'r1/c', 'r1/sum', 'r2', 'f', 'd']);
    expect(wires(g)).toEqual([
      'r1/c->sum:1 = r1/c>r1/sum:1', // inner wire, id prefixed
      'in->r1:0/r1/c:0 = in>r1/c:0', // the block's input, to both its consumers
      'in->r1:0/r1/sum:0 = in>r1/sum:0',
      'r1->r2:0 = r1/sum>r2:0', // from the block's output, same id
      'r2->f:0 = r2>f:0',
      'f->d:0 = f>d:0',
    ]);
  });

  it('centres the inside under where the block was: x by the middle of its span, y by its top', () => {
    // Inner xs 0 and 40 have their middle at 20, inner top is 0: (100 + 0 − 20, 200 + 0) and (100 + 40 − 20, 200 + 120).
    const g = expandGraph(twoRes(), { ids: ['r1'] });
    expect(g.nodes.find((n) => n.id === 'r1/c')!.position).toEqual({ x: 80, y: 200 });
    expect(g.nodes.find((n) => n.id === 'r1/sum')!.position).toEqual({ x: 120, y: 320 });
  });

  it('expands every composite when no ids are given, with the same totals', () => {
    const g = expandGraph(twoRes());
    expect(g.nodes.map((n) => n.id)).toEqual(['in', 'r1/c', 'r1/sum', 'r2/c', 'r2/sum', 'f', 'd']);
    expect(wires(g).find((w) => w.startsWith('r1->r2:0'))).toBe('r1->r2:0/r2/c:0 = r1/sum>r2/c:0');
    // 2 × (3×3×4×4 + 4) + 8·8·4 × 10 + 10 = 296 + 2,570.
    expect(analyse(g).totals.trainable).toBe(2866);
    expect(analyse(twoRes()).totals.trainable).toBe(2866);
  });

  it('goes down level by level with `deep`: a Repeat of 2 SE blocks opens to its SE blocks, then their layers', () => {
    const g: Graph = {
      nodes: [node('in', 'Input', { height: 4, width: 4, channels: 8 }), node('rep', 'Repeat', { block: 'SE', times: 2, params: { ratio: 4 } })],
      edges: [edge('in', 'rep')],
    };
    const once = expandGraph(g, { ids: ['rep'] });
    expect(once.nodes.map((n) => n.id)).toEqual(['in', 'rep/se1', 'rep/se2']);
    const deep = expandGraph(g, { ids: ['rep'], deep: true });
    expect(deep.nodes.every((n) => n.id === 'in' || n.id.startsWith('rep/se'))).toBe(true);
    expect(deep.nodes.some((n) => n.type === 'SE' || n.type === 'Repeat')).toBe(false);
    // Each SE on 8 channels with r = 4: 8×2 + 2 + 2×8 + 8 = 42 params; two of them 84, collapsed or not.
    expect(analyse(deep).totals.trainable).toBe(84);
    expect(analyse(g).totals.trainable).toBe(84);
  });

  it('leaves alone a block whose input is missing, and returns the same graph when nothing opens', () => {
    const g: Graph = { ...twoRes(), edges: twoRes().edges.filter((e) => e.target !== 'r1') };
    const r = expandGraph(g, { ids: ['r1'] });
    expect(r).toBe(g);
    const plain: Graph = { nodes: [node('in', 'Input')], edges: [] };
    expect(expandGraph(plain)).toBe(plain);
  });
});
