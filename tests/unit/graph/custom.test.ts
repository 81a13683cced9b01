/**
 * Custom blocks (`graph.blocks`): a node whose type names one of the graph's own blocks is a
 * composite of that definition. Totals collapsed equal totals expanded, copies share the
 * definition, bad definitions are refused in words, makeBlock groups a selection, files keep them,
 * and compile builds them.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compile } from '@/lib/compile';
import { analyse } from '@/lib/graph/analyse';
import { makeBlock } from '@/lib/graph/block-types';
import { expandGraph } from '@/lib/graph/expand';
import { parseGraphFile, serializeGraph } from '@/lib/graph/format';
import type { CustomBlockDef, Graph } from '@/lib/graph/types';
import { switchBackend } from '../tf-setup';
import { edge, node } from '../helpers';

/** "Res": Conv 3×3 4→4 then Add(block input, conv). One input, consumed at conv:0 and add:0. */
const RES: CustomBlockDef = {
  name: 'Res',
  nodes: [node('c', 'Conv2D', { filters: 4, kernel: 3 }), node('sum', 'Add')],
  edges: [edge('c', 'sum', 1)],
  inputs: [[{ node: 'c', port: 0 }, { node: 'sum', port: 0 }]],
  output: 'sum',
};

/** Input 8×8×3 → Conv 3×3 ×4 → Res → Res → Flatten → Dense 10. */
function twoUses(def: CustomBlockDef = RES): Graph {
  return {
    nodes: [
      node('in', 'Input', { height: 8, width: 8, channels: 3 }),
      node('c1', 'Conv2D', { filters: 4, kernel: 3 }),
      node('r1', def.name), node('r2', def.name),
      node('f', 'Flatten'), node('d', 'Dense', { units: 10 }),
    ],
    edges: [edge('in', 'c1'), edge('c1', 'r1'), edge('r1', 'r2'), edge('r2', 'f'), edge('f', 'd')],
    blocks: { [def.name]: def },
  };
}

// c1: 3×3×3×4 + 4 = 112 params, 8·8·4 outputs × 27 = 6,912 MACs.
// Res: 3×3×4×4 + 4 = 148 params, 8·8·4 × 36 = 9,216 MACs (Add counts nothing).
// Flatten 8·8·4 = 256; Dense 256×10 + 10 = 2,570 params, 2,560 MACs.
const TRAINABLE = 112 + 2 * 148 + 2570; // 2,978
const FLOPS = 6912 + 2 * 9216 + 2560; // 27,904

describe('analyse with custom blocks', () => {
  it('counts a custom block through its definition, the same collapsed and expanded', () => {
    const g = twoUses();
    const a = analyse(g);
    expect(a.errors).toEqual([]);
    expect(a.totals.trainable).toBe(TRAINABLE);
    expect(a.totals.flops).toBe(FLOPS);
    expect(a.nodes.r1!.paramCount.trainable).toBe(148);
    expect(a.nodes.r1!.outputShape).toEqual([8, 8, 4]);
    expect(a.nodes.r1!.description).toBe('Res');
    const flat = expandGraph(g, { deep: true });
    expect(flat.nodes.some((n) => n.type === 'Res')).toBe(false);
    expect(flat.nodes.map((n) => n.id)).toContain('r2/c');
    const b = analyse(flat);
    expect(b.errors).toEqual([]);
    expect(b.totals).toEqual(a.totals);
  });

  it('gives both copies the one definition, and a changed definition changes both', () => {
    const a = analyse(twoUses());
    expect(a.nodes.r1!.innerGraph!.nodes).toBe(RES.nodes);
    expect(a.nodes.r2!.innerGraph!.nodes).toBe(RES.nodes);
    // Kernel 1: 1×1×4×4 + 4 = 20 params per copy, so 112 + 40 + 2,570 = 2,722. The memo must
    // key on the definition, not on the name "Res", or this would still read 2,978.
    const small: CustomBlockDef = { ...RES, nodes: [node('c', 'Conv2D', { filters: 4, kernel: 1 }), node('sum', 'Add')] };
    const b = analyse(twoUses(small));
    expect(b.nodes.r1!.paramCount.trainable).toBe(20);
    expect(b.totals.trainable).toBe(112 + 40 + 2570);
  });

  it('refuses blocks inside blocks, unknown inner types and shape errors inside, in words', () => {
    const inner: CustomBlockDef = { name: 'Outer', nodes: [node('x', 'Res')], edges: [], inputs: [[{ node: 'x', port: 0 }]], output: 'x' };
    const g = twoUses();
    const nested: Graph = { ...g, nodes: g.nodes.map((n) => (n.id === 'r2' ? { ...n, type: 'Outer' } : n)), blocks: { Res: RES, Outer: inner } };
    const a = analyse(nested);
    expect(a.nodes.r2!.errors.join()).toMatch(/blocks inside your own blocks are not supported yet/);

    const unknown: CustomBlockDef = { ...RES, nodes: [node('c', 'Conv3D'), node('sum', 'Add')] };
    expect(analyse(twoUses(unknown)).nodes.r1!.errors.join()).toMatch(/Res: Unknown block type "Conv3D"/);

    // 8 filters cannot be added to the 4-channel input: the error names the block and the node inside.
    const wide: CustomBlockDef = { ...RES, nodes: [node('c', 'Conv2D', { filters: 8, kernel: 3 }), node('sum', 'Add')] };
    const w = analyse(twoUses(wide));
    expect(w.valid).toBe(false);
    expect(w.nodes.r1!.errors.join()).toMatch(/^Res: .*inside, at 'sum'/);
  });

  it('takes as many inputs as the definition has', () => {
    const g = twoUses();
    const extra: Graph = { ...g, edges: [...g.edges, edge('c1', 'r2', 1)] };
    expect(analyse(extra).nodes.r2!.errors.join()).toMatch(/Res 'r2' has one input/);
  });
});

describe('makeBlock', () => {
  /** Input 8×8×3 → c1 → c2 → sum(c1, c2) → f → d: the Res pattern drawn out flat. */
  function flat(): Graph {
    return {
      nodes: [
        { ...node('in', 'Input', { height: 8, width: 8, channels: 3 }), position: { x: 0, y: 0 } },
        { ...node('c1', 'Conv2D', { filters: 4, kernel: 3 }), position: { x: 0, y: 100 } },
        { ...node('c2', 'Conv2D', { filters: 4, kernel: 3 }), position: { x: 0, y: 200 } },
        { ...node('sum', 'Add'), position: { x: 0, y: 300 } },
        { ...node('f', 'Flatten'), position: { x: 0, y: 400 } },
        { ...node('d', 'Dense', { units: 10 }), position: { x: 0, y: 500 } },
      ],
      edges: [edge('in', 'c1'), edge('c1', 'c2'), edge('c1', 'sum', 0), edge('c2', 'sum', 1), edge('sum', 'f'), edge('f', 'd')],
    };
  }

  it('turns a connected selection into one node of a new block type, totals unchanged', () => {
    const before = analyse(flat());
    // 112 + 148 + 2,570 = 2,830
    expect(before.totals.trainable).toBe(2830);
    const r = makeBlock(flat(), ['c2', 'sum'], 'Res');
    if ('error' in r) throw new Error(r.error);
    const g = r.graph;
    expect(g.nodes.map((n) => n.type)).toEqual(['Input', 'Conv2D', 'Res', 'Flatten', 'Dense']);
    expect(g.blocks!.Res!.inputs).toEqual([[{ node: 'c2', port: 0 }, { node: 'sum', port: 0 }]]);
    expect(g.blocks!.Res!.output).toBe('sum');
    expect(g.blocks!.Res!.nodes[0]!.position).toEqual({ x: 0, y: 0 });
    expect(g.edges.filter((e) => e.source === r.id || e.target === r.id).map((e) => `${e.source}>${e.target}:${e.targetPort}`))
      .toEqual([`c1>${r.id}:0`, `${r.id}>f:0`]);
    const after = analyse(g);
    expect(after.errors).toEqual([]);
    expect(after.totals).toEqual(before.totals);
    expect(after.nodes[r.id]!.paramCount.trainable).toBe(148);
  });

  it('orders inputs by where their consumers sit, one per outside source', () => {
    // Group only 'sum': it is fed by c1 (port 0, y 300) and c2 (port 1): two inputs, c1 first.
    const r = makeBlock(flat(), ['sum'], 'Join');
    if ('error' in r) throw new Error(r.error);
    expect(r.graph.blocks!.Join!.inputs).toEqual([[{ node: 'sum', port: 0 }], [{ node: 'sum', port: 1 }]]);
    expect(analyse(r.graph).totals.trainable).toBe(2830);
  });

  it('refuses selections that cannot be one block, saying why', () => {
    const err = (ids: string[], name = 'B') => {
      const r = makeBlock(flat(), ids, name);
      return 'error' in r ? r.error : 'no error';
    };
    expect(err(['c1', 'c2'])).toMatch(/^A block has one output; 'c1' and 'c2' each lead out/);
    expect(err(['c1', 'f'])).toMatch(/not connected to each other \('f' stands apart\)/);
    expect(err(['in', 'c1'])).toMatch(/leave the Input out/);
    expect(err(['c2', 'sum'], 'Conv2D')).toMatch(/"Conv2D" is a built-in block/);
    expect(err(['c2', 'sum'], '9 lives')).toMatch(/cannot name a block/);
    expect(err([])).toMatch(/Select the layers/);
    const once = makeBlock(flat(), ['c2', 'sum'], 'Res');
    if ('error' in once) throw new Error(once.error);
    const again = makeBlock(once.graph, ['f', 'd'], 'Res');
    expect('error' in again && again.error).toMatch(/already has a block named "Res"/);
    const nested = makeBlock(once.graph, [once.id, 'f'], 'Outer');
    expect('error' in nested && nested.error).toMatch(/blocks inside your own blocks are not supported/);
  });
});

describe('graph files with blocks', () => {
  it('round-trips: same graph, same bytes', () => {
    const g = { ...twoUses(), meta: { name: 'two res' } };
    const text = serializeGraph(g);
    const r = parseGraphFile(text);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.warnings).toEqual([]);
    expect(Object.keys(r.graph.blocks!)).toEqual(['Res']);
    expect(r.graph.blocks!.Res!.inputs).toEqual(RES.inputs);
    expect(r.graph.blocks!.Res!.output).toBe('sum');
    expect(analyse(r.graph).totals.trainable).toBe(TRAINABLE);
    expect(serializeGraph(r.graph)).toBe(text);
  });

  it('reads the example of docs/graph-format.md: 2 × (3×3×4×4 + 4) = 296 params, same bytes back', () => {
    const doc = readFileSync(path.resolve(__dirname, '../../../docs/graph-format.md'), 'utf8');
    const example = [...doc.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1]!).find((t) => t.includes('"blocks"'))!;
    const r = parseGraphFile(example);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const a = analyse(r.graph);
    expect(a.errors).toEqual([]);
    expect(a.totals.trainable).toBe(296);
    expect(serializeGraph(r.graph)).toBe(example);
  });

  it('refuses bad definitions with their JSON paths', () => {
    const doc = JSON.parse(serializeGraph(twoUses())) as Record<string, unknown>;
    const withBlocks = (blocks: unknown) => parseGraphFile({ ...doc, blocks });
    const messages = (blocks: unknown) => {
      const r = withBlocks(blocks);
      return r.ok ? [] : r.errors.map((e) => `${e.path}: ${e.message}`);
    };
    const res = (doc.blocks as Record<string, Record<string, unknown>>).Res!;
    expect(messages({ Conv2D: { ...res, name: 'Conv2D' } }).join('\n')).toMatch(/^blocks\.Conv2D: "Conv2D" is a built-in block type/m);
    expect(messages({ Res: { ...res, nodes: [{ id: 'c', type: 'Conv3D', params: {}, position: { x: 0, y: 0 } }] } }).join('\n'))
      .toMatch(/^blocks\.Res\.nodes\[0\]\.type: Unknown block type "Conv3D"/m);
    expect(messages({ Res: { ...res, output: 'nope' } }).join('\n')).toMatch(/^blocks\.Res\.output: "output" must be the id of one of the block's nodes/m);
    expect(messages({ Res: { ...res, inputs: [[{ node: 'c', port: 3 }]] } }).join('\n')).toMatch(/^blocks\.Res\.inputs\[0\]\[0\]\.port: "port" must be an input of 'c' \(0 to 0\)/m);
    expect(messages({ Res: { ...res, name: 'Other' } }).join('\n')).toMatch(/^blocks\.Res\.name: "name" must repeat/m);
    expect(messages({ Res: { ...res, nodes: [{ id: 'x', type: 'Res', params: {}, position: { x: 0, y: 0 } }] } }).join('\n'))
      .toMatch(/^blocks\.Res\.nodes\[0\]\.type: .*blocks inside your own blocks are not supported/m);
    expect(messages([1, 2]).join('\n')).toMatch(/^blocks: "blocks" must be an object/m);
    // Without the block, the nodes that use it are unknown.
    const bare = parseGraphFile({ ...doc, blocks: undefined });
    expect(!bare.ok && bare.errors[0]!.path).toBe('nodes[2].type');
  });
});

describe('compile', () => {
  beforeAll(async () => { await switchBackend('cpu'); });

  it('builds a graph using a custom block twice, with the params analyse counts', () => {
    const g = twoUses();
    const r = compile(g, { seed: 1 });
    if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('; '));
    expect(r.model.countParams()).toBe(TRAINABLE);
    expect(r.model.outputs[0]!.shape).toEqual([null, 10]);
    r.model.dispose();
  });
});
