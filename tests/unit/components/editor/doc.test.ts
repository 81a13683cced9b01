/**
 * The editor's document model (components/editor/doc.ts): opening a block in place and closing
 * it again, the frames' boxes, renaming and deleting block types with copies open, and the
 * layout options. Positions worked out by hand from the node size (216×64) and the frame's
 * margins (40 above for the title, 16 elsewhere).
 */
import { describe, expect, it } from 'vitest';
import {
  closeAll, closeComposite, deleteBlockTypeInDoc, FRAME_SIDE, FRAME_TOP, frameBox, frameBoxes, framesOf, groupDepth, groupMembers,
  groupTitle, layoutOptionsFor, NODE_H, NODE_W, openAll, openComposite, pruneGroups, renameBlockTypeInDoc, type Doc,
} from '@/components/editor/doc';
import { analyse } from '@/lib/graph/analyse';
import { setParams } from '@/lib/graph/edits';
import type { Graph } from '@/lib/graph/types';
import { edge, node, at, positionOf as pos, RES_BLOCK as RES } from '../../helpers';

const wireSet = (g: Graph) => g.edges.map((e) => `${e.source}>${e.target}:${e.targetPort}`).sort();


/** in (100,0) → r1 (100,200) → r2 (100,400) → f (100,600) → d (100,800). */
function twoRes(): Graph {
  return {
    nodes: [
      at(node('in', 'Input', { height: 8, width: 8, channels: 4 }), 100, 0),
      at(node('r1', 'Res'), 100, 200), at(node('r2', 'Res'), 100, 400),
      at(node('f', 'Flatten'), 100, 600), at(node('d', 'Dense', { units: 10 }), 100, 800),
    ],
    edges: [edge('in', 'r1'), edge('r1', 'r2'), edge('r2', 'f'), edge('f', 'd')],
    blocks: { Res: RES },
  };
}

/** The layout of the inside, as given (positions relative to the block's centre and top). */
const asGiven = async (inner: Graph) => inner;

async function openR1(): Promise<Doc> {
  const r = await openComposite({ graph: twoRes(), groups: {} }, 'r1', asGiven);
  if (!r.ok) throw new Error(r.error);
  return r.doc;
}

describe('sizes', () => {
  it('are the node face and the frame margins', () => {
    expect([NODE_W, NODE_H, FRAME_TOP, FRAME_SIDE]).toEqual([216, 64, 40, 16]);
  });
});

describe('opening a block', () => {
  it('puts its inside in its place, in a frame centred where it was; the nodes below move down', async () => {
    const doc = await openR1();
    // The inside, centred: c (80,200), sum (120,320); its box 80…336 × 200…384 is 256 × 184, so
    // the frame is 288 × 240 and its left edge 100 + 108 − 144 = 64: c goes to (80, 240), sum to (120, 360).
    expect(doc.graph.nodes.map((n) => n.id)).toEqual(['in', 'r1/c', 'r1/sum', 'r2', 'f', 'd']);
    expect(pos(doc.graph, 'r1/c')).toEqual({ x: 80, y: 240 });
    expect(pos(doc.graph, 'r1/sum')).toEqual({ x: 120, y: 360 });
    // Below it, nodes move by 240 − 64 + 8 = 184; above, they stay.
    expect(pos(doc.graph, 'r2')).toEqual({ x: 100, y: 584 });
    expect(pos(doc.graph, 'd')).toEqual({ x: 100, y: 984 });
    expect(pos(doc.graph, 'in')).toEqual({ x: 100, y: 0 });
    const g = doc.groups.r1!;
    expect(g.kind).toBe('composite');
    expect(g.node).toEqual(twoRes().nodes[1]); // the block as it was, to put back
    expect(g.inputs).toEqual([[{ node: 'r1/c', port: 0 }, { node: 'r1/sum', port: 0 }]]);
    expect(g.output).toBe('r1/sum');
    expect(groupMembers(doc.graph, g)).toEqual(['r1/c', 'r1/sum']);
    expect(groupTitle(g)).toBe('Res · r1');
    expect(frameBoxes(doc.graph, doc.groups, (id) => pos(doc.graph, id)).get('r1')).toEqual({ x: 64, y: 200, w: 288, h: 240 });
    expect(frameBox(doc.graph, ['r1/c', 'r1/sum'])).toEqual({ x: 64, y: 200, w: 288, h: 240 });
    // Opening changes nothing in the counts: 2 × 148 + 2,570.
    expect(analyse(doc.graph).totals.trainable).toBe(2866);
  });

  it('refuses, with the reason, what cannot open', async () => {
    const doc: Doc = { graph: twoRes(), groups: {} };
    expect(await openComposite(doc, 'nope', asGiven)).toMatchObject({ ok: false, error: "There is no node 'nope'" });
    expect(await openComposite(doc, 'f', asGiven)).toMatchObject({ ok: false, error: "Flatten 'f' is a single layer; only blocks open" });
    const unwired: Doc = { graph: { ...twoRes(), edges: twoRes().edges.filter((e) => e.target !== 'r1') }, groups: {} };
    expect(await openComposite(unwired, 'r1', asGiven)).toMatchObject({
      ok: false, error: "Res 'r1' cannot open yet: its inside depends on its input shape, which is unknown. Fix the errors above it first",
    });
  });
});

describe('closing a block', () => {
  it('puts the block back where it was, and the nodes below back up', async () => {
    const r = closeComposite(await openR1(), 'r1');
    if (!r.ok) throw new Error(r.error);
    // Frame (64,200) 288 wide: the block's corner at 64 + 144 − 108 = 100; below it, up by 184.
    expect(r.doc.graph.nodes).toEqual(twoRes().nodes);
    expect(wireSet(r.doc.graph)).toEqual(wireSet(twoRes()));
    expect(r.doc.groups).toEqual({});
  });

  it('stays open, saying why, once the inside or its wiring was edited', async () => {
    const doc = await openR1();
    const edited: Doc = { ...doc, graph: setParams(doc.graph, 'r1/c', { filters: 8 }) };
    const why = 'You changed the inside of Res · r1, so it is no longer a plain Res; it stays open. Undo those changes (Ctrl+Z) to close it, or keep it open as it is';
    expect(closeComposite(edited, 'r1')).toMatchObject({ ok: false, error: why });
    // A wire from an inner layer that is not the block's output to the outside.
    const leak: Doc = { ...doc, graph: { ...doc.graph, edges: [...doc.graph.edges, edge('r1/c', 'f', 0)] } };
    expect(closeComposite(leak, 'r1')).toMatchObject({ ok: false, error: why });
    expect(closeComposite(doc, 'r2')).toMatchObject({ ok: false, error: "'r2' is not an opened block" });
  });
});

describe('every block at once', () => {
  it('opens level by level (a Repeat, then its blocks) and closes them all again', () => {
    const g: Graph = {
      nodes: [node('in', 'Input', { height: 4, width: 4, channels: 8 }), node('rep', 'Repeat', { block: 'SE', times: 2, params: { ratio: 4 } })],
      edges: [edge('in', 'rep')],
    };
    const doc = openAll(g);
    expect(Object.keys(doc.groups).sort()).toEqual(['rep', 'rep/se1', 'rep/se2']);
    expect(groupDepth(doc.groups['rep/se1']!)).toBe(1);
    const inner = doc.graph.nodes.find((n) => n.id.startsWith('rep/se1/'))!.id;
    expect(framesOf(doc, inner)).toEqual(['rep', 'rep/se1']);
    expect(framesOf(doc, 'in')).toEqual([]);
    const closed = closeAll(doc);
    expect(closed.groups).toEqual({});
    expect(closed.graph.nodes.map((n) => `${n.id}:${n.type}`)).toEqual(['in:Input', 'rep:Repeat']);
    expect(wireSet(closed.graph)).toEqual(['in>rep:0']);
  });

  it('drops the frame of a block whose inside was deleted, and keeps the document otherwise', async () => {
    const doc = await openR1();
    expect(pruneGroups(doc)).toBe(doc);
    const half: Doc = { ...doc, graph: { ...doc.graph, nodes: doc.graph.nodes.filter((n) => n.id !== 'r1/c') } };
    expect(pruneGroups(half)).toBe(half);
    const gone: Doc = { ...doc, graph: { ...doc.graph, nodes: doc.graph.nodes.filter((n) => !n.id.startsWith('r1/')) } };
    expect(pruneGroups(gone).groups).toEqual({});
  });
});

describe('block types with copies open', () => {
  it('renames the type in the frame too, so the copy closes into the new name', async () => {
    const r = renameBlockTypeInDoc(await openR1(), 'Res', 'Skip');
    if (!r.ok) throw new Error(r.error);
    expect(r.doc.groups.r1!.node.type).toBe('Skip');
    expect(r.doc.graph.nodes.find((n) => n.id === 'r2')!.type).toBe('Skip');
    const closed = closeComposite(r.doc, 'r1');
    expect(closed.ok && closed.doc.graph.nodes.find((n) => n.id === 'r1')!.type).toBe('Skip');
    expect(renameBlockTypeInDoc(r.doc, 'Skip', 'Conv2D')).toMatchObject({ ok: false, error: '"Conv2D" is a built-in block; choose another name for yours' });
  });

  it('deletes the type: the open copy keeps its layers without a frame, the closed one becomes its layers', async () => {
    const r = deleteBlockTypeInDoc(await openR1(), 'Res');
    if (!r.ok) throw new Error(r.error);
    expect(r.doc.groups).toEqual({});
    expect(r.doc.graph.blocks).toBeUndefined();
    expect(r.doc.graph.nodes.map((n) => n.id)).toEqual(['in', 'r1/c', 'r1/sum', 'c', 'sum', 'f', 'd']);
    expect(analyse(r.doc.graph).errors).toEqual([]);
    expect(analyse(r.doc.graph).totals.trainable).toBe(2866);
  });
});

describe('layout options', () => {
  it('give frames as compound nodes, and wrap a column too tall for the view', async () => {
    const doc = await openR1();
    const tall = layoutOptionsFor(doc, 10, { width: 1200, height: 700 });
    expect(tall.groups).toEqual([{ id: 'r1', members: ['r1/c', 'r1/sum'] }]);
    expect(tall.nodeSize!(doc.graph.nodes[0]!)).toEqual({ width: 216, height: 64 });
    expect(tall.groupPadding).toEqual({ top: 40, side: 16 });
    // 10 rows of 64 + 44 = 1,080 px; 700 / 1,080 = 0.648 < 0.65: wrapped to the view's shape.
    expect(tall.aspectRatio).toBeCloseTo(1200 / 700, 10);
    // 6 rows: 648 px, 700 / 648 > 0.65: one column.
    expect(layoutOptionsFor(doc, 6, { width: 1200, height: 700 }).aspectRatio).toBeUndefined();
  });
});
