/**
 * React Flow's nodes and edges as a view of the document: derived from the graph, its analysis
 * and the frames, never edited as a second copy. Derivation keeps the previous object of every
 * node and edge whose face did not change, so React Flow (and the memo'd node components)
 * re-render only what an edit touched.
 */
import type { Edge, Node, NodeChange } from '@xyflow/react';
import type { Analysis, GraphError } from '@/lib/graph/analyse';
import type { GraphProblem } from '@/lib/graph/graph-errors';
import { formatShape } from '@/lib/blocks/util';
import { specIn } from '@/lib/graph/custom';
import type { Graph, GraphNode } from '@/lib/graph/types';
import { familyOf, type Family } from '@/components/canvas/families';
import { frameBoxes, framesOf, groupDepth, groupMembers, groupTitle, type Box, type Doc, type Group } from './doc';

export interface BlockData extends Record<string, unknown> {
  readonly type: string;
  readonly family: Family;
  /** Key params: "Conv 3×3, 64, s2". */
  readonly title: string;
  /** The node's name: its label, else its id (the part after the last `/` for inner nodes). */
  readonly name: string;
  /** Output shape, "56×56×64", or "?" when unknown. */
  readonly shape: string;
  /** Parameters (trainable + not), formatted: "2,416". */
  readonly params: string;
  /** The node's errors in English, one a line (the aria label, and what decides whether the face changed). */
  readonly error?: string;
  /** The same errors as codes and values, for the face to word in the user's language. */
  readonly problems?: readonly GraphProblem[];
  readonly composite: boolean;
  /** No input ports (Input). */
  readonly source: boolean;
  /** Drawn on a canvas that only shows a graph (/compare): no Open button on a composite block. */
  readonly readOnly?: boolean;
}

export interface FrameData extends Record<string, unknown> {
  readonly groupId: string;
  readonly kind: Group['kind'];
  readonly title: string;
  readonly width: number;
  readonly height: number;
  /** Params of the whole opened block, written out ("1,234"), for its title band ("1,234 params"). */
  readonly params: string;
}

export interface ShapeEdgeData extends Record<string, unknown> {
  readonly label: string;
  /** The error this wire shows, in English. */
  readonly error?: string;
  /** The same error as a code and values, for the wire to word in the user's language. */
  readonly problem?: GraphError;
}

export type BlockNode = Node<BlockData, 'block'>;
export type FrameNode = Node<FrameData, 'frame'>;
export type FlowNode = BlockNode | FrameNode;
export type FlowEdge = Edge<ShapeEdgeData, 'shape'>;

export const FRAME_PREFIX = 'frame:';
/** Node faces sit above every frame (frames take z 0…depth). */
export const BLOCK_Z = 20;

/** The name on a node's face: its label, else its id — inside an opened block, the inner part
 * only (the frame already names the block). */
function shortName(node: GraphNode): string {
  if (node.label) return node.label;
  const cut = node.id.lastIndexOf('/');
  return cut >= 0 ? node.id.slice(cut + 1) : node.id;
}

const nf = new Intl.NumberFormat('en-US');

/**
 * Whether two faces show the same. `problems` is left out: a new analysis makes new error objects,
 * and the English `error` beside them is the same text exactly when they say the same.
 */
function sameData(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  for (const k in a) if (k !== 'problems' && a[k] !== b[k]) return false;
  for (const k in b) if (!(k in a)) return false;
  return true;
}

/** Node face for one graph node. */
export function blockData(node: GraphNode, analysis: Analysis, graph?: Pick<Graph, 'blocks'>): BlockData {
  const na = analysis.nodes[node.id];
  const spec = specIn(graph, node.type);
  const pc = na?.paramCount;
  const error = na?.errors.length ? na.errors.join('\n') : undefined;
  return {
    type: node.type,
    family: familyOf(node.type, spec?.category),
    title: na?.description ?? spec?.name ?? node.type,
    name: shortName(node),
    shape: na?.outputShape ? formatShape(na.outputShape) : '?',
    params: pc ? nf.format(pc.trainable + pc.nonTrainable) : '0',
    error,
    ...(error ? { problems: na!.problems } : {}),
    composite: spec?.kind === 'composite',
    source: spec ? spec.ports.max === 0 : false,
  };
}

/**
 * Derives React Flow's nodes: frames first (drawn below), then blocks. `prev` supplies the
 * objects to reuse; `selected` the selection to keep.
 */
export function deriveNodes(doc: Doc, analysis: Analysis, prev: readonly FlowNode[], selected: ReadonlySet<string>): FlowNode[] {
  const before = new Map(prev.map((n) => [n.id, n]));
  const out: FlowNode[] = [];
  const byId = new Map(doc.graph.nodes.map((n) => [n.id, n.position]));
  const boxes = frameBoxes(doc.graph, doc.groups, (id) => byId.get(id));
  for (const group of Object.values(doc.groups)) {
    const frame = frameNode(doc, group, analysis, boxes.get(group.id));
    if (!frame) continue;
    const old = before.get(frame.id) as FrameNode | undefined;
    out.push(old && old.position.x === frame.position.x && old.position.y === frame.position.y && sameData(old.data, frame.data) ? old : frame);
  }
  for (const node of doc.graph.nodes) {
    const data = blockData(node, analysis, doc.graph);
    const isSel = selected.has(node.id);
    const old = before.get(node.id) as BlockNode | undefined;
    if (old && old.type === 'block' && old.position === node.position && !!old.selected === isSel && sameData(old.data, data)) {
      out.push(old);
      continue;
    }
    out.push({
      id: node.id,
      type: 'block',
      position: node.position,
      data: old && sameData(old.data, data) ? old.data : data,
      selected: isSel,
      zIndex: BLOCK_Z,
      ariaLabel: `${specIn(doc.graph, node.type)?.name ?? node.type} ${data.name}: ${data.title}, output ${data.shape}${data.error ? ', error: ' + data.error : ''}`,
    });
  }
  return out;
}

/** The frame node of a group, in its box (see frameBoxes). */
export function frameNode(doc: Doc, group: Group, analysis: Analysis, box: Box | undefined): FrameNode | undefined {
  if (!box) return undefined;
  const members = groupMembers(doc.graph, group);
  // The block's total is the sum over the graph nodes now inside it, as analyse counts them
  // (an opened block inside is replaced by its own members, so nothing counts twice).
  let params = 0;
  for (const id of members) {
    const pc = analysis.nodes[id]?.paramCount;
    if (pc) params += pc.trainable + pc.nonTrainable;
  }

  return {
    id: FRAME_PREFIX + group.id,
    type: 'frame',
    position: { x: box.x, y: box.y },
    data: { groupId: group.id, kind: group.kind, title: groupTitle(group), width: box.w, height: box.h, params: nf.format(params) },
    // Above the wires (so edge labels never cover a frame's buttons; its body lets the pointer
    // through) and below the nodes (BLOCK_Z); deeper frames over shallower ones.
    zIndex: groupDepth(group),
    selectable: false,
    deletable: false,
    connectable: false,
    draggable: true,
    dragHandle: '.lw-frame-title',
    className: 'lw-frame-node',
    style: { width: box.w, height: box.h },
  };
}

/** Derives React Flow's edges, each labelled with the shape it carries; edges into a node in error are red. */
export function deriveEdges(doc: Doc, analysis: Analysis, prev: readonly FlowEdge[], selected: ReadonlySet<string>): FlowEdge[] {
  const before = new Map(prev.map((e) => [e.id, e]));
  const edgeErrors = new Map<string, GraphError>();
  for (const err of analysis.errors) if (err.edgeId) edgeErrors.set(err.edgeId, err);
  const out: FlowEdge[] = [];
  for (const e of doc.graph.edges) {
    const src = analysis.nodes[e.source];
    const dst = analysis.nodes[e.target];
    const label = src?.outputShape ? formatShape(src.outputShape) : '?';
    // A shape error at the target is about what arrives on its inputs: mark those wires too.
    const problem = edgeErrors.get(e.id) ?? (dst && dst.problems.length && src?.outputShape ? dst.problems[0] : undefined);
    const error = problem?.message;
    const isSel = selected.has(e.id);
    const old = before.get(e.id);
    if (old && old.source === e.source && old.target === e.target && old.data?.label === label && old.data?.error === error && !!old.selected === isSel) {
      out.push(old);
      continue;
    }
    out.push({
      id: e.id, source: e.source, target: e.target, type: 'shape', selected: isSel,
      data: problem ? { label, error, problem } : { label },
      ariaLabel: `${e.source} to ${e.target}, ${label}${error ? ', error: ' + error : ''}`,
    });
  }
  return out;
}

/**
 * React Flow's node changes sorted out: the canvas's own (`own`, removals left out), and for a
 * frame dragged by its title its members moved by the same amount (`follow`); `dragEnded` lists the graph nodes whose drag
 * finished (members of a dropped frame included), to write to the graph. Frame changes
 * themselves are dropped: a frame's place always comes from its members (refitFrames).
 */
export function frameDrag(doc: Doc, nodes: readonly FlowNode[], changes: readonly NodeChange<FlowNode>[]): {
  own: NodeChange<FlowNode>[]; follow: NodeChange<FlowNode>[]; dragEnded: string[];
} {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const own: NodeChange<FlowNode>[] = [];
  const follow: NodeChange<FlowNode>[] = [];
  const dragEnded: string[] = [];
  for (const c of changes) {
    if (c.type === 'remove') continue; // deletions go through the store's deleteItems, as one edit
    if (c.type === 'position' && c.id.startsWith(FRAME_PREFIX)) {
      const frame = byId.get(c.id);
      const group = doc.groups[c.id.slice(FRAME_PREFIX.length)];
      if (frame && group && c.position) {
        const dx = c.position.x - frame.position.x;
        const dy = c.position.y - frame.position.y;
        for (const m of groupMembers(doc.graph, group)) {
          const n = byId.get(m);
          if (n) follow.push({ type: 'position', id: m, position: { x: n.position.x + dx, y: n.position.y + dy }, dragging: c.dragging });
        }
      }
      if (group && c.dragging === false) dragEnded.push(...groupMembers(doc.graph, group));
      continue;
    }
    if (c.type === 'position' && c.dragging === false) dragEnded.push(c.id);
    own.push(c);
  }
  return { own, follow, dragEnded };
}

/**
 * Frames fitted again around their members after nodes `moved` (each frame holding one of
 * them, and the frames around those). Other nodes keep their objects.
 */
export function refitFrames(nodes: FlowNode[], doc: Doc, moved: Iterable<string>): FlowNode[] {
  const touched = new Set<string>();
  for (const id of moved) for (const g of framesOf(doc, id)) touched.add(g);
  if (touched.size === 0) return nodes;
  const pos = new Map(nodes.map((n) => [n.id, n.position]));
  const boxes = frameBoxes(doc.graph, doc.groups, (id) => pos.get(id));
  return nodes.map((n) => {
    if (n.type !== 'frame' || !touched.has(n.data.groupId)) return n;
    const b = boxes.get(n.data.groupId);
    if (!b) return n;
    const frame: FrameNode = { ...n, position: { x: b.x, y: b.y }, data: { ...n.data, width: b.w, height: b.h }, style: { width: b.w, height: b.h } };
    return frame;
  });
}
