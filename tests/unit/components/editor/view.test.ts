/**
 * React Flow's nodes and edges as a view of the document (components/editor/view.ts): the face of
 * a node, and reuse — an edit gives new objects only to the nodes and edges it changed, so the
 * memo'd node components re-render only those (checked by object identity). Frames: their box,
 * dragging one by its title, and refitting them when their members move.
 */
import type { NodeChange } from '@xyflow/react';
import { describe, expect, it } from 'vitest';
import { openComposite, type Doc } from '@/components/editor/doc';
import { blockData, deriveEdges, deriveNodes, FRAME_PREFIX, frameDrag, frameNode, refitFrames, type FlowNode } from '@/components/editor/view';
import { analyse } from '@/lib/graph/analyse';
import { moveNodes, setParams } from '@/lib/graph/edits';
import type { Graph } from '@/lib/graph/types';
import { edge, node, at, RES_BLOCK as RES } from '../../helpers';


/** in 8×8×3 (0,0) → c1 Conv 3×3 ×64 (0,100) → f Flatten (0,200); d Dense 10 (0,300) after f. */
function chain(): Graph {
  return {
    nodes: [
      at(node('in', 'Input', { height: 8, width: 8, channels: 3 }), 0, 0),
      at(node('c1', 'Conv2D', { filters: 64, kernel: 3, stride: 1, padding: 'same', dilation: 1, useBias: true, activation: 'relu' }), 0, 100),
      at(node('f', 'Flatten'), 0, 200),
      at(node('d', 'Dense', { units: 10, activation: 'softmax' }), 0, 300),
    ],
    edges: [edge('in', 'c1'), edge('c1', 'f'), edge('f', 'd')],
  };
}

const doc = (graph: Graph): Doc => ({ graph, groups: {} });
const byId = (nodes: readonly FlowNode[], id: string) => nodes.find((n) => n.id === id)!;

describe('a node\'s face', () => {
  it('shows key params, name, output shape and params', () => {
    const g = chain();
    const a = analyse(g);
    // 3×3×3×64 + 64 = 1,792 params; "same" padding keeps 8×8.
    expect(blockData(g.nodes[1]!, a, g)).toEqual({
      type: 'Conv2D', family: 'conv', title: 'Conv 3×3, 64, relu', name: 'c1', shape: '8×8×64', params: '1,792',
      error: undefined, composite: false, source: false,
    });
    expect(blockData(g.nodes[0]!, a, g)).toMatchObject({ family: 'input', shape: '8×8×3', params: '0', source: true });
    // A label replaces the id; inside an opened block, only the part after the last "/" shows.
    expect(blockData({ ...g.nodes[1]!, label: 'C1' }, a, g).name).toBe('C1');
    expect(blockData({ ...g.nodes[1]!, id: 'blk/conv' }, a, g).name).toBe('conv');
  });
});

describe('reuse of unchanged objects', () => {
  it('gives new objects only to the nodes an edit changed (and those whose shape follows)', () => {
    const g = chain();
    const first = deriveNodes(doc(g), analyse(g), [], new Set());
    // 32 filters: c1's face changes, and so does f's (8·8·32 = 2,048 instead of 4,096) — d's
    // output stays 10, its params fall (2,048×10 + 10) — so d changes too; the Input does not.
    const h = setParams(g, 'c1', { filters: 32 });
    const next = deriveNodes(doc(h), analyse(h), first, new Set());
    expect(byId(next, 'in')).toBe(byId(first, 'in'));
    expect(byId(next, 'c1')).not.toBe(byId(first, 'c1'));
    expect(byId(next, 'f')).not.toBe(byId(first, 'f'));
    expect(byId(next, 'd')).not.toBe(byId(first, 'd'));
    expect((byId(next, 'd').data as { params: string }).params).toBe('20,490');
    // The same document again: every object reused.
    const again = deriveNodes(doc(h), analyse(h), next, new Set());
    again.forEach((n, i) => expect(n).toBe(next[i]));
  });

  it('moves a node with a new object but the same face data, and reselects only what changed', () => {
    const g = chain();
    const a = analyse(g);
    const first = deriveNodes(doc(g), a, [], new Set());
    const moved = moveNodes(g, new Map([['f', { x: 50, y: 200 }]]));
    const next = deriveNodes(doc(moved), a, first, new Set());
    expect(byId(next, 'f')).not.toBe(byId(first, 'f'));
    expect(byId(next, 'f').position).toEqual({ x: 50, y: 200 });
    expect(byId(next, 'f').data).toBe(byId(first, 'f').data);
    expect(byId(next, 'c1')).toBe(byId(first, 'c1'));
    const sel = deriveNodes(doc(moved), a, next, new Set(['d']));
    expect(byId(sel, 'd').selected).toBe(true);
    expect(byId(sel, 'd')).not.toBe(byId(next, 'd'));
    expect(byId(sel, 'in')).toBe(byId(next, 'in'));
  });

  it('reuses edges whose label, error and selection are unchanged', () => {
    const g = chain();
    const first = deriveEdges(doc(g), analyse(g), [], new Set());
    expect(first.map((e) => `${e.id} ${e.data!.label}`)).toEqual(['in->c1:0 8×8×3', 'c1->f:0 8×8×64', 'f->d:0 4096']);
    const h = setParams(g, 'c1', { filters: 32 });
    const next = deriveEdges(doc(h), analyse(h), first, new Set());
    expect(next[0]).toBe(first[0]);
    expect(next[1]!.data!.label).toBe('8×8×32');
    expect(next[2]!.data!.label).toBe('2048');
    const sel = deriveEdges(doc(h), analyse(h), next, new Set(['f->d:0']));
    expect(sel[2]!.selected).toBe(true);
    expect(sel[1]).toBe(next[1]);
  });
});

/** Input 8×8×4 (100,0) → r1 (100,200), a Res block (conv c at (0,0) + add sum at (40,120)), opened. */
async function opened(): Promise<Doc> {
  const g: Graph = {
    nodes: [at(node('in', 'Input', { height: 8, width: 8, channels: 4 }), 100, 0), at(node('r1', 'Res'), 100, 200)],
    edges: [edge('in', 'r1')],
    blocks: { Res: RES },
  };
  const r = await openComposite({ graph: g, groups: {} }, 'r1', async (inner) => inner);
  if (!r.ok) throw new Error(r.error);
  return r.doc; // r1/c at (80,240), r1/sum at (120,360): frame (64,200) 288 × 240
}

describe('frames', () => {
  it('draws an opened block as a frame in its box, titled, with its params, under the nodes', async () => {
    const d = await opened();
    const a = analyse(d.graph);
    const frame = frameNode(d, d.groups.r1!, a, { x: 64, y: 200, w: 288, h: 240 })!;
    expect(frame.id).toBe(`${FRAME_PREFIX}r1`);
    expect(frame.position).toEqual({ x: 64, y: 200 });
    // Conv 3×3×4×4 + 4 = 148, the Add none.
    expect(frame.data).toEqual({ groupId: 'r1', kind: 'composite', title: 'Res · r1', width: 288, height: 240, params: '148' });
    expect(frame.zIndex).toBe(0);
    const nodes = deriveNodes(d, a, [], new Set());
    expect(nodes.map((n) => n.id)).toEqual(['frame:r1', 'in', 'r1/c', 'r1/sum']);
    expect(byId(nodes, 'frame:r1').position).toEqual({ x: 64, y: 200 });
  });

  it('moves a frame\'s members with it when it is dragged by its title', async () => {
    const d = await opened();
    const nodes = deriveNodes(d, analyse(d.graph), [], new Set());
    const changes: NodeChange<FlowNode>[] = [
      { type: 'position', id: 'frame:r1', position: { x: 74, y: 190 }, dragging: false },
      { type: 'position', id: 'in', position: { x: 0, y: 0 }, dragging: true },
      { type: 'remove', id: 'in' },
    ];
    const r = frameDrag(d, nodes, changes);
    // 10 right and 10 up: c (80,240) → (90,230), sum (120,360) → (130,350).
    expect(r.follow).toEqual([
      { type: 'position', id: 'r1/c', position: { x: 90, y: 230 }, dragging: false },
      { type: 'position', id: 'r1/sum', position: { x: 130, y: 350 }, dragging: false },
    ]);
    expect(r.own).toEqual([changes[1]]);
    expect(r.dragEnded).toEqual(['r1/c', 'r1/sum']);
  });

  it('refits a frame around its moved members, and leaves everything else as it was', async () => {
    const d = await opened();
    const nodes = deriveNodes(d, analyse(d.graph), [], new Set());
    // c moved 80 to the left: the box now spans 0…336, so the frame is at x −16, 368 wide.
    const moved = nodes.map((n) => (n.id === 'r1/c' ? { ...n, position: { x: 0, y: 240 } } : n));
    const refit = refitFrames(moved, d, ['r1/c']);
    expect(byId(refit, 'frame:r1').position).toEqual({ x: -16, y: 200 });
    expect((byId(refit, 'frame:r1').data as { width: number }).width).toBe(368);
    expect(byId(refit, 'r1/sum')).toBe(byId(moved, 'r1/sum'));
    expect(refitFrames(moved, d, ['in'])).toBe(moved);
  });
});
