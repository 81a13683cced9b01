/**
 * Old saves of reusable blocks become block definitions (lib/graph/legacy-blocks.ts). The
 * fixtures are what the editor before this change wrote to the browser's storage, read back from
 * a real session: LeNet-5 with two "My blocks" ("Stem (v2)" = C1 + S2, "Conv pool" = C3 + S4), one
 * inserted after S2 and saved again from its frame (group_1), one inserted unwired (group_2).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyse } from '@/lib/graph/analyse';
import { placeBlock } from '@/lib/graph/edits';
import { parseGraphFile, serializeGraph } from '@/lib/graph/format';
import { convertLegacyBlocks, readLegacyGroups, readLegacySnippets } from '@/lib/graph/legacy-blocks';
import type { Graph } from '@/lib/graph/types';

const FIXTURES = path.resolve(__dirname, '../../fixtures/legacy');
const autosave = JSON.parse(readFileSync(path.join(FIXTURES, 'autosave-with-user-groups.json'), 'utf8')) as { v: number; graph: Graph; groups: unknown };
const library = JSON.parse(readFileSync(path.join(FIXTURES, 'my-blocks-library.json'), 'utf8')) as unknown;

describe('reading the old saves', () => {
  it('finds the user groups of the autosave and the snippets of My blocks', () => {
    expect(readLegacyGroups(autosave.groups)).toEqual([
      { kind: 'user', id: 'group_1', name: 'Conv pool', members: ['conv2d_1', 'maxpool_1'] },
      { kind: 'user', id: 'group_2', name: 'Stem (v2)', members: ['conv2d_2', 'maxpool_2'] },
    ]);
    expect(readLegacySnippets(library).map((s) => `${s.name}: ${s.nodes.map((n) => n.id).join(' ')}`)).toEqual([
      'Stem (v2): c1 s2',
      'Conv pool: conv2d_1 maxpool_1',
    ]);
    expect(readLegacyGroups({ x: { kind: 'composite', id: 'x' } })).toEqual([]);
    expect(readLegacySnippets({ not: 'a list' })).toEqual([]);
  });
});

describe('converting them', () => {
  const r = convertLegacyBlocks(autosave.graph, readLegacyGroups(autosave.groups), readLegacySnippets(library));

  it('keeps the graph\'s nodes, wires and params as they were', () => {
    expect(r.graph.nodes).toEqual(autosave.graph.nodes);
    expect(r.graph.edges).toEqual(autosave.graph.edges);
    expect(r.graph.meta).toEqual(autosave.graph.meta);
    // LeNet-5's 61,706 plus the copy of C3 after S2 (5×5×6×16 + 16 = 2,416) and the unwired
    // copy of C1, which counts nothing without an input: 64,122, as before.
    expect(analyse(r.graph).totals.trainable).toBe(64122);
  });

  it('makes one block per old block: a group and the snippet saved from it are one', () => {
    expect(Object.keys(r.graph.blocks!)).toEqual(['Conv pool', 'Stem v2']);
    expect(r.blocks).toEqual([{ from: 'Conv pool', to: 'Conv pool' }, { from: 'Stem (v2)', to: 'Stem v2' }]);
    expect(r.skipped).toEqual([]);
    const convPool = r.graph.blocks!['Conv pool']!;
    // group_1 was fed by S2 at conv2d_1's port 0; its end is maxpool_1. Positions from its corner.
    expect(convPool.nodes.map((n) => `${n.id} ${n.type} ${n.position.x},${n.position.y}`)).toEqual(['conv2d_1 Conv2D 0,0', 'maxpool_1 MaxPool 0,108']);
    expect(convPool.nodes[0]!.params).toEqual({ filters: 16, kernel: 5, stride: 1, padding: 'valid', dilation: 1, useBias: true, activation: 'relu' });
    expect(convPool.inputs).toEqual([[{ node: 'conv2d_1', port: 0 }]]);
    expect(convPool.output).toBe('maxpool_1');
    // group_2 was fed by nothing: its first layer reads the block's input.
    const stem = r.graph.blocks!['Stem v2']!;
    expect(stem.inputs).toEqual([[{ node: 'conv2d_2', port: 0 }]]);
    expect(stem.output).toBe('maxpool_2');
  });

  it('gives blocks that work: Conv pool after S2 (14×14×6) has 2,416 params and gives 5×5×16', () => {
    const added = placeBlock(r.graph, 'Conv pool', { x: 600, y: 600 }, { after: 's2' })!;
    const a = analyse(added.graph).nodes[added.id]!;
    expect(a.errors).toEqual([]);
    expect(a.paramCount.trainable).toBe(2416);
    expect(a.outputShape).toEqual([5, 5, 16]);
  });

  it('is a graph the file format reads back the same', () => {
    const text = serializeGraph(r.graph);
    const back = parseGraphFile(text);
    if (!back.ok) throw new Error(JSON.stringify(back.errors));
    expect(Object.keys(back.graph.blocks!)).toEqual(['Conv pool', 'Stem v2']);
    expect(serializeGraph(back.graph)).toBe(text);
  });

  it('skips, with the reason, what cannot be a block, and renames a clash with a different block', () => {
    const g: Graph = { ...autosave.graph, blocks: r.graph.blocks };
    const groups = [{ name: 'Apart', members: ['c1', 'f6'] }];
    const snippets = [{ name: 'Conv pool', nodes: readLegacySnippets(library)[0]!.nodes, edges: [] }];
    const s = convertLegacyBlocks(g, groups, snippets);
    expect(s.skipped).toEqual([
      { name: 'Apart', reason: expect.stringMatching(/^The selected layers are not connected to each other/) as unknown as string },
      { name: 'Conv pool', reason: expect.stringMatching(/not connected to each other/) as unknown as string },
    ]);
    // C1 + S2 under the name "Conv pool", which this graph already has for C3 + S4: "Conv pool 2".
    const clash = convertLegacyBlocks(g, [], [{ ...readLegacySnippets(library)[0]!, name: 'Conv pool' }]);
    expect(clash.blocks).toEqual([{ from: 'Conv pool', to: 'Conv pool 2' }]);
    expect(Object.keys(clash.graph.blocks!)).toEqual(['Conv pool', 'Stem v2', 'Conv pool 2']);
  });
});
