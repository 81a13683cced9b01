/**
 * The editor's document: the Graph (the single source of truth) plus the frames drawn around
 * opened composite blocks. Every function here is pure: it takes a document and returns the next
 * one, so undo is a stack of documents.
 *
 * An opened composite is real graph data: its inner nodes (ids `block/inner`, from
 * lib/graph/expand.ts) replace the block in the graph, so analyse sees exactly what is drawn and
 * editing inside just works. The frame remembers the original block so that it can be folded
 * back — as long as the inside is still what the block would expand to.
 */
import { getBlock } from '@/lib/blocks';
import { analyse, type Analysis } from '@/lib/graph/analyse';
import { deleteBlockType, renameBlockType } from '@/lib/graph/block-types';
import { blockValue, graphError, type ErrorValues, type GraphErrorCode, type WordableError } from '@/lib/graph/graph-errors';
import { specIn } from '@/lib/graph/custom';
import { edgeId } from '@/lib/graph/edits';
import { expandGraph, INNER_SEPARATOR } from '@/lib/graph/expand';
import type { LayoutOptions } from '@/lib/graph/layout';
import { NODE_H, NODE_W } from '@/lib/graph/placement';
import type { Graph, GraphEdge, GraphNode, XY } from '@/lib/graph/types';

/** Size of a node face on the canvas (CSS keeps it fixed, so layout and frames can rely on it). */
export { NODE_H, NODE_W };
/** Space a frame keeps around its members: room for its title above, a margin elsewhere. */
export const FRAME_TOP = 40;
export const FRAME_SIDE = 16;

export interface Consumer {
  readonly node: string;
  readonly port: number;
}

/** An opened composite block, drawn as a frame around its inner nodes. */
export interface CompositeGroup {
  readonly kind: 'composite';
  /** The block's node id; its inner nodes are the ids starting with `${id}/`. */
  readonly id: string;
  /** The block as it was before opening, to put back on close. */
  readonly node: GraphNode;
  /** Inner nodes, params and wiring when opened: closing is refused if they changed. */
  readonly signature: string;
  /** For each input of the block, the inner (node, port) pairs it feeds. */
  readonly inputs: readonly (readonly Consumer[])[];
  /** The inner node whose output is the block's output. */
  readonly output: string;
}

/** A frame on the canvas: an opened composite block. */
export type Group = CompositeGroup;

export interface Doc {
  readonly graph: Graph;
  readonly groups: Readonly<Record<string, Group>>;
}

export const EMPTY_DOC: Doc = { graph: { nodes: [], edges: [] }, groups: {} };

/** Ids of the nodes inside a frame, in graph order. */
export function groupMembers(graph: Graph, group: Group): string[] {
  const prefix = group.id + INNER_SEPARATOR;
  return graph.nodes.filter((n) => n.id.startsWith(prefix)).map((n) => n.id);
}

/** How deep a frame sits (an opened block inside an opened Repeat is 1). */
export function groupDepth(group: Group): number {
  return group.id.split(INNER_SEPARATOR).length - 1;
}

/** Display title of a frame: "Inception module · inc3a". */
export function groupTitle(group: Group): string {
  const spec = getBlock(group.node.type);
  return `${spec?.name ?? group.node.type} · ${group.node.label ?? group.id}`;
}

/** The frames a node sits in, outermost first: the opened blocks its id lies inside ("a/b/c" → a, a/b). */
export function framesOf(doc: Doc, id: string): string[] {
  const out: string[] = [];
  const parts = id.split(INNER_SEPARATOR);
  for (let i = 1; i < parts.length; i++) {
    const g = parts.slice(0, i).join(INNER_SEPARATOR);
    if (doc.groups[g]) out.push(g);
  }
  return out;
}

/** Inner nodes, their params and their wiring, without ids of edges or positions. */
function signatureOf(graph: Graph, prefix: string): string {
  const nodes = graph.nodes.filter((n) => n.id.startsWith(prefix));
  const inside = new Set(nodes.map((n) => n.id));
  const parts = nodes.map((n) => `${n.id}|${n.type}|${JSON.stringify(n.params)}`).sort();
  const wires = graph.edges.filter((e) => inside.has(e.source) && inside.has(e.target))
    .map((e) => `${e.source}>${e.target}:${e.targetPort}`).sort();
  return parts.join('\n') + '\n--\n' + wires.join('\n');
}

function bbox(nodes: readonly GraphNode[]): { x: number; y: number; w: number; h: number } {
  let x0 = Infinity; let y0 = Infinity; let x1 = -Infinity; let y1 = -Infinity;
  for (const n of nodes) {
    x0 = Math.min(x0, n.position.x); y0 = Math.min(y0, n.position.y);
    x1 = Math.max(x1, n.position.x + NODE_W); y1 = Math.max(y1, n.position.y + NODE_H);
  }
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

/** The frame box (title band included) around `members`, in canvas coordinates. */
export function frameBox(graph: Graph, members: readonly string[]): { x: number; y: number; w: number; h: number } | undefined {
  const set = new Set(members);
  const nodes = graph.nodes.filter((n) => set.has(n.id));
  if (nodes.length === 0) return undefined;
  const b = bbox(nodes);
  return { x: b.x - FRAME_SIDE, y: b.y - FRAME_TOP, w: b.w + 2 * FRAME_SIDE, h: b.h + FRAME_TOP + FRAME_SIDE };
}

export interface Box { readonly x: number; readonly y: number; readonly w: number; readonly h: number }

/**
 * The box of every frame from node positions: around its members and around the frames opened
 * inside it (deepest first), so that nested frames never share a title band — the same padding
 * the layout gives compound nodes.
 */
export function frameBoxes(graph: Graph, groups: Readonly<Record<string, Group>>, positionOf: (id: string) => XY | undefined): Map<string, Box> {
  const boxes = new Map<string, Box>();
  const ordered = Object.values(groups).sort((a, b) => groupDepth(b) - groupDepth(a));
  for (const g of ordered) {
    let x0 = Infinity; let y0 = Infinity; let x1 = -Infinity; let y1 = -Infinity;
    for (const id of groupMembers(graph, g)) {
      const p = positionOf(id);
      if (!p) continue;
      x0 = Math.min(x0, p.x); y0 = Math.min(y0, p.y); x1 = Math.max(x1, p.x + NODE_W); y1 = Math.max(y1, p.y + NODE_H);
    }
    const prefix = g.id + INNER_SEPARATOR;
    for (const [id, b] of boxes) {
      if (!id.startsWith(prefix)) continue;
      x0 = Math.min(x0, b.x); y0 = Math.min(y0, b.y); x1 = Math.max(x1, b.x + b.w); y1 = Math.max(y1, b.y + b.h);
    }
    if (x0 === Infinity) continue;
    boxes.set(g.id, { x: x0 - FRAME_SIDE, y: y0 - FRAME_TOP, w: x1 - x0 + 2 * FRAME_SIDE, h: y1 - y0 + FRAME_TOP + FRAME_SIDE });
  }
  return boxes;
}

/** An edit of the document, or why not: in English, and (from lib) as an error the page words. */
export type DocResult = { ok: true; doc: Doc } | { ok: false; error: string; problem?: WordableError };

/** A refused edit of the document, in English and as an error the page words. */
function refused(code: GraphErrorCode, values: ErrorValues): DocResult {
  const p = graphError(code, values);
  return { ok: false, error: p.message, problem: p };
}

function compositeGroupFor(node: GraphNode, analysis: Analysis): Omit<CompositeGroup, 'signature'> | undefined {
  const sub = analysis.nodes[node.id]?.innerGraph;
  if (!sub) return undefined;
  const prefix = node.id + INNER_SEPARATOR;
  return {
    kind: 'composite', id: node.id, node,
    inputs: sub.inputs.map((list) => list.map((c) => ({ node: prefix + c.node, port: c.port }))),
    output: prefix + sub.output,
  };
}

/**
 * Opens one composite block in place: its inner nodes replace it, placed by `placeInner`
 * (an async layout of the inner graph alone, positions relative to 0,0), centred under where
 * the block was; the nodes below move down to make room.
 */
export async function openComposite(
  doc: Doc, id: string,
  placeInner: (inner: Graph) => Promise<Graph>,
): Promise<DocResult> {
  const { graph } = doc;
  const node = graph.nodes.find((n) => n.id === id);
  if (!node) return refused('openNoNode', { id });
  const spec = specIn(graph, node.type);
  if (spec?.kind !== 'composite') return refused('openSingleLayer', { block: blockValue(node.type, spec?.name ?? node.type), id });
  const analysis = analyse(graph);
  const base = compositeGroupFor(node, analysis);
  if (!base) {
    return refused('openShapeUnknown', { block: blockValue(node.type, spec.name), id });
  }
  const expanded = expandGraph(graph, { ids: [id] });
  const prefix = id + INNER_SEPARATOR;
  const members = expanded.nodes.filter((n) => n.id.startsWith(prefix));
  const memberIds = new Set(members.map((n) => n.id));
  const inner: Graph = { nodes: members, edges: expanded.edges.filter((e) => memberIds.has(e.source) && memberIds.has(e.target)) };
  const laid = await placeInner(inner);
  const b = bbox(laid.nodes);
  const frameW = b.w + 2 * FRAME_SIDE;
  const frameH = b.h + FRAME_TOP + FRAME_SIDE;
  const left = node.position.x + NODE_W / 2 - frameW / 2 + FRAME_SIDE;
  const top = node.position.y + FRAME_TOP;
  const placed = new Map<string, XY>(laid.nodes.map((n) => [n.id, { x: Math.round(n.position.x - b.x + left), y: Math.round(n.position.y - b.y + top) }]));
  const push = frameH - NODE_H + 8;
  const nodes = expanded.nodes.map((n) => {
    const p = placed.get(n.id);
    if (p) return { ...n, position: p };
    return n.position.y > node.position.y + 1 ? { ...n, position: { x: n.position.x, y: n.position.y + push } } : n;
  });
  const next: Graph = { ...expanded, nodes };
  const group: CompositeGroup = { ...base, signature: signatureOf(next, prefix) };
  return { ok: true, doc: { graph: next, groups: { ...doc.groups, [id]: group } } };
}

/**
 * Closes an opened block (and the blocks opened inside it), putting the original block back.
 * Refused, with the reason, when the inside was edited: it is then no longer that block.
 */
export function closeComposite(doc: Doc, id: string): DocResult {
  const group = doc.groups[id];
  if (!group) return refused('closeNotOpened', { id });
  const nested = Object.values(doc.groups)
    .filter((g) => g.id.startsWith(id + INNER_SEPARATOR))
    .sort((a, b) => groupDepth(b) - groupDepth(a));
  let cur = doc;
  for (const g of nested) {
    const r = foldOne(cur, g, false);
    if (!r.ok) return r;
    cur = r.doc;
  }
  return foldOne(cur, group, true);
}

function foldOne(doc: Doc, group: CompositeGroup, moveUp: boolean): DocResult {
  const { graph } = doc;
  const prefix = group.id + INNER_SEPARATOR;
  // The frame's title is "<block> · <name>" (groupTitle); the message names the block in the user's language.
  const edited = refused('closeEdited', { block: blockValue(group.node.type, getBlock(group.node.type)?.name ?? group.node.type), name: group.node.label ?? group.id });
  if (signatureOf(graph, prefix) !== group.signature) return edited;
  const members = graph.nodes.filter((n) => n.id.startsWith(prefix));
  const inside = new Set(members.map((n) => n.id));

  // Wiring at the boundary must still be that of the block: one source per block input, and
  // only the block's output node feeding the rest of the graph.
  const feeds = new Map<string, string>(); // "node:port" -> source
  const outgoing: GraphEdge[] = [];
  for (const e of graph.edges) {
    const inS = inside.has(e.source);
    const inT = inside.has(e.target);
    if (!inS && inT) feeds.set(`${e.target}:${e.targetPort}`, e.source);
    if (inS && !inT) {
      if (e.source !== group.output) return edited;
      outgoing.push(e);
    }
  }
  const known = new Set(group.inputs.flat().map((c) => `${c.node}:${c.port}`));
  for (const key of feeds.keys()) if (!known.has(key)) return edited;
  const sources: (string | undefined)[] = [];
  for (const consumers of group.inputs) {
    const srcs = new Set(consumers.map((c) => feeds.get(`${c.node}:${c.port}`)));
    if (srcs.size > 1) return edited;
    sources.push([...srcs][0]);
  }

  const box = frameBox(graph, [...inside])!;
  const position = { x: Math.round(box.x + box.w / 2 - NODE_W / 2), y: Math.round(box.y) };
  const restored: GraphNode = { ...group.node, position };
  const shrink = box.h - NODE_H + 8;
  const bottom = box.y + box.h;
  const nodes: GraphNode[] = [];
  let placedBlock = false;
  for (const n of graph.nodes) {
    if (inside.has(n.id)) {
      if (!placedBlock) { nodes.push(restored); placedBlock = true; }
      continue;
    }
    nodes.push(moveUp && n.position.y >= bottom - 1 ? { ...n, position: { x: n.position.x, y: n.position.y - shrink } } : n);
  }
  const edges: GraphEdge[] = graph.edges.filter((e) => !inside.has(e.source) && !inside.has(e.target));
  sources.forEach((s, port) => { if (s) edges.push({ id: edgeId(s, group.id, port), source: s, target: group.id, targetPort: port }); });
  for (const e of outgoing) edges.push({ id: edgeId(group.id, e.target, e.targetPort), source: group.id, target: e.target, targetPort: e.targetPort });
  const groups = { ...doc.groups };
  delete groups[group.id];
  return { ok: true, doc: { graph: { ...graph, nodes, edges }, groups } };
}

/**
 * Opens every composite, level by level (a Repeat, then the blocks it held), and records a
 * frame for each. Positions are left for a full layout to set.
 */
export function openAll(graph: Graph): Doc {
  let g = graph;
  const groups: Record<string, Group> = {};
  for (let round = 0; round < 16; round++) {
    const analysis = analyse(g);
    const targets = g.nodes.filter((n) => specIn(g, n.type)?.kind === 'composite' && analysis.nodes[n.id]?.innerGraph);
    if (targets.length === 0) break;
    const bases = targets.map((n) => compositeGroupFor(n, analysis)!);
    g = expandGraph(g, { ids: targets.map((n) => n.id) });
    for (const b of bases) groups[b.id] = { ...b, signature: signatureOf(g, b.id + INNER_SEPARATOR) };
  }
  return { graph: g, groups };
}

/** Closes every opened block that can be closed (used before saving and sharing). */
export function closeAll(doc: Doc): Doc {
  let cur = doc;
  const tops = Object.values(doc.groups)
    .sort((a, b) => groupDepth(a) - groupDepth(b));
  for (const g of tops) {
    if (!cur.groups[g.id]) continue;
    const r = closeComposite(cur, g.id);
    if (r.ok) cur = r.doc;
  }
  return cur;
}

/** Removes the frames of opened blocks whose inner nodes are all gone (deleted). */
export function pruneGroups(doc: Doc): Doc {
  const gone = Object.values(doc.groups).filter((g) => groupMembers(doc.graph, g).length === 0);
  if (gone.length === 0) return doc;
  const groups = { ...doc.groups };
  for (const g of gone) delete groups[g.id];
  return { graph: doc.graph, groups };
}

/**
 * Renames block type `from` of the graph to `to` (renameBlockType), opened copies included: the
 * frame of an opened copy puts back a node of the new name when it closes.
 */
export function renameBlockTypeInDoc(doc: Doc, from: string, to: string): DocResult {
  const r = renameBlockType(doc.graph, from, to);
  if ('error' in r) return { ok: false, error: r.error, problem: { message: r.error, code: r.code, values: r.values } };
  const name = to.trim();
  const groups: Record<string, Group> = {};
  for (const [k, g] of Object.entries(doc.groups)) groups[k] = g.node.type === from ? { ...g, node: { ...g.node, type: name } } : g;
  return { ok: true, doc: { graph: r.graph, groups } };
}

/**
 * Deletes block type `name` of the graph (deleteBlockType): closed copies become their layers;
 * an opened copy already shows its layers, so only its frame goes (it could not close back
 * into a block that no longer exists).
 */
export function deleteBlockTypeInDoc(doc: Doc, name: string): DocResult {
  const r = deleteBlockType(doc.graph, name);
  if ('error' in r) return { ok: false, error: r.error, problem: { message: r.error, code: r.code, values: r.values } };
  const groups = Object.fromEntries(Object.entries(doc.groups).filter(([, g]) => g.node.type !== name));
  return { ok: true, doc: { graph: r.graph, groups } };
}

/**
 * Layout options for the whole document: frames as compound nodes, and — when one column of
 * `layerCount` rows would have to be shrunk below a readable zoom to fit a `view` of that size —
 * the network wrapped into side-by-side columns shaped like the view.
 */
export function layoutOptionsFor(doc: Doc, layerCount: number, view: { readonly width: number; readonly height: number }): LayoutOptions {
  const groups = Object.values(doc.groups).map((g) => ({ id: g.id, members: groupMembers(doc.graph, g) }));
  const columnHeight = layerCount * (NODE_H + 44);
  // Wrapping with frames is unreliable in elkjs for big graphs (the layout then runs twice,
  // see layoutGraph): a big graph with frames stays one column and opens at its top.
  const wrap = columnHeight > 0 && view.height / columnHeight < 0.65 && (groups.length === 0 || doc.graph.nodes.length <= 150);
  return {
    groups,
    nodeSize: () => ({ width: NODE_W, height: NODE_H }),
    groupPadding: { top: FRAME_TOP, side: FRAME_SIDE },
    ...(wrap ? { aspectRatio: view.width / view.height } : {}),
  };
}
