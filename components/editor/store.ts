/**
 * The editor's state: one zustand store. The document (graph + frames) is the source of truth;
 * the analysis and React Flow's nodes and edges are derived from it on every edit. Every edit
 * goes through `commit`, which keeps the undo stack (a stack of documents), re-derives the view
 * and autosaves. Components read narrow slices through `useShallow` selectors.
 */
import { applyEdgeChanges, applyNodeChanges, type EdgeChange, type NodeChange } from '@xyflow/react';
import { create } from 'zustand';
import { analyse, type Analysis } from '@/lib/graph/analyse';
import { specIn } from '@/lib/graph/custom';
import { addNode, connect, disconnect, edgeId, freshNodeId, makeBlock, moveNodes, removeNodes, renameNode, setParams } from '@/lib/graph/edits';
import { INNER_SEPARATOR } from '@/lib/graph/expand';
import type { Graph, GraphEdge, GraphNode, ParamRecord, XY } from '@/lib/graph/types';
import { getPreset } from '@/presets';
import {
  closeAll, closeComposite, EMPTY_DOC, FRAME_SIDE, FRAME_TOP, frameBoxes, freshGroupId, groupMembers, NODE_H, NODE_W,
  openAll, openComposite, pruneGroups, type Doc, type Group,
} from './doc';
import { saveAutosave } from './persist';
import { deriveEdges, deriveNodes, FRAME_PREFIX, type FlowEdge, type FlowNode, type FrameNode } from './view';

export interface Notice {
  readonly tone: 'error' | 'info';
  readonly title: string;
  readonly lines?: readonly string[];
}

export interface Snippet {
  readonly name: string;
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
}

interface CommitOptions {
  /** Push the previous document on the undo stack (default true). */
  readonly history?: boolean;
  /** Consecutive commits with the same key within a second and a half make one undo step. */
  readonly coalesce?: string;
  /** The graph's structure is unchanged (only positions moved): keep the analysis. */
  readonly sameStructure?: boolean;
  /** Select these nodes after the edit. */
  readonly select?: readonly string[];
}

export interface EditorState {
  readonly doc: Doc;
  readonly analysis: Analysis;
  readonly nodes: FlowNode[];
  readonly edges: FlowEdge[];
  /** Selected graph nodes and edges (frames are never selected). */
  readonly selected: ReadonlySet<string>;
  readonly selectedEdges: ReadonlySet<string>;
  readonly past: readonly Doc[];
  readonly future: readonly Doc[];
  readonly notice?: Notice;
  /** Set while a layout runs ("Laying out ResNet-152…"). */
  readonly busy?: string;
  /** Bumped to ask the canvas to fit the view; `loads` counts finished loads (for tests and the benchmark). */
  readonly fitRequest: number;
  readonly loads: number;
  /** Bring nodes into view: centre on the first (`center`) or fit them all (`fit`). */
  readonly focusRequest?: { readonly ids: readonly string[]; readonly mode: 'center' | 'fit'; readonly n: number };
  readonly clipboard?: Snippet;
}

const EMPTY_ANALYSIS = analyse(EMPTY_DOC.graph);
const HISTORY_LIMIT = 100;
let lastCoalesce: { key: string; at: number } | undefined;

export const useEditor = create<EditorState>()(() => ({
  doc: EMPTY_DOC,
  analysis: EMPTY_ANALYSIS,
  nodes: [],
  edges: [],
  selected: new Set(),
  selectedEdges: new Set(),
  past: [],
  future: [],
  fitRequest: 0,
  loads: 0,
}));

const get = useEditor.getState;
const set = useEditor.setState;

// ---- the one line every edit goes through ------------------------------------------------------

/** Applies the next document: undo stack, analysis, view, autosave. */
export function commit(nextDoc: Doc, options: CommitOptions = {}): void {
  const s = get();
  const doc = pruneGroups(nextDoc);
  const analysis = options.sameStructure ? s.analysis : analyse(doc.graph);
  let past = s.past;
  let future = s.future;
  if (options.history !== false) {
    const now = Date.now();
    const coalesced = options.coalesce !== undefined && lastCoalesce?.key === options.coalesce && now - lastCoalesce.at < 1500;
    lastCoalesce = options.coalesce !== undefined ? { key: options.coalesce, at: now } : undefined;
    if (!coalesced) past = [...s.past, s.doc].slice(-HISTORY_LIMIT);
    future = [];
  }
  const ids = new Set(doc.graph.nodes.map((n) => n.id));
  const edgeIds = new Set(doc.graph.edges.map((e) => e.id));
  const selected = new Set(options.select ?? [...s.selected].filter((id) => ids.has(id)));
  const selectedEdges = new Set(options.select ? [] : [...s.selectedEdges].filter((id) => edgeIds.has(id)));
  set({
    doc, analysis, past, future, selected, selectedEdges,
    nodes: deriveNodes(doc, analysis, s.nodes, selected),
    edges: deriveEdges(doc, analysis, s.edges, selectedEdges),
  });
  saveAutosave(doc);
}

/** Replaces the document with no undo step (restoring a saved session). */
export function replaceDoc(doc: Doc): void {
  commit(doc, { history: false, select: [] });
  set({ past: [], future: [] });
}

export function undo(): void {
  const s = get();
  const prev = s.past[s.past.length - 1];
  if (!prev) return;
  lastCoalesce = undefined;
  const current = s.doc;
  commit(prev, { history: false });
  set({ past: s.past.slice(0, -1), future: [current, ...s.future] });
}

export function redo(): void {
  const s = get();
  const next = s.future[0];
  if (!next) return;
  lastCoalesce = undefined;
  const current = s.doc;
  commit(next, { history: false });
  set({ past: [...s.past, current], future: s.future.slice(1) });
}

export function notify(notice: Notice | undefined): void {
  set({ notice });
}

function withGraph(graph: Graph): Doc {
  return { graph, groups: get().doc.groups };
}

// ---- canvas events ---------------------------------------------------------------------------

/** Which frames hold a node: the opened blocks its id sits in, and user groups listing it. */
function framesOf(doc: Doc, id: string): string[] {
  const out: string[] = [];
  const parts = id.split(INNER_SEPARATOR);
  for (let i = 1; i < parts.length; i++) {
    const g = parts.slice(0, i).join(INNER_SEPARATOR);
    if (doc.groups[g]) out.push(g);
  }
  for (const g of Object.values(doc.groups)) if (g.kind === 'user' && g.members.includes(id)) out.push(g.id);
  return out;
}

/**
 * React Flow's node changes: drags and selection are applied to the view at once; a finished
 * drag is written to the graph (one undo step, no re-analysis: only positions changed). Dragging
 * a frame by its title moves everything inside it.
 */
export function onNodesChange(changes: NodeChange<FlowNode>[]): void {
  const s = get();
  const byId = new Map(s.nodes.map((n) => [n.id, n]));
  const extra: NodeChange<FlowNode>[] = [];
  const own: NodeChange<FlowNode>[] = [];
  let selectionChanged = false;
  const dragEnded: string[] = [];
  for (const c of changes) {
    if (c.type === 'remove') continue; // deletions go through onDelete, as one edit
    if (c.type === 'select') selectionChanged = true;
    if (c.type === 'position' && c.id.startsWith(FRAME_PREFIX)) {
      const frame = byId.get(c.id);
      const group = s.doc.groups[c.id.slice(FRAME_PREFIX.length)];
      if (frame && group && c.position) {
        const dx = c.position.x - frame.position.x;
        const dy = c.position.y - frame.position.y;
        for (const m of groupMembers(s.doc.graph, group)) {
          const n = byId.get(m);
          if (n) extra.push({ type: 'position', id: m, position: { x: n.position.x + dx, y: n.position.y + dy }, dragging: c.dragging });
        }
      }
      if (group && c.dragging === false) dragEnded.push(...groupMembers(s.doc.graph, group));
      continue;
    }
    if (c.type === 'position' && c.dragging === false) dragEnded.push(c.id);
    own.push(c);
  }
  let nodes = applyNodeChanges([...own, ...extra], s.nodes);
  // Frames follow their members.
  const moved = new Set<string>();
  for (const c of [...own, ...extra]) if (c.type === 'position' && c.position) moved.add(c.id);
  if (moved.size && Object.keys(s.doc.groups).length) {
    const touched = new Set<string>();
    for (const id of moved) for (const g of framesOf(s.doc, id)) touched.add(g);
    if (touched.size) nodes = refitFrames(nodes, s.doc, touched);
  }
  set(selectionChanged
    ? { nodes, selected: new Set(nodes.filter((n) => n.selected && n.type === 'block').map((n) => n.id)) }
    : { nodes });
  if (dragEnded.length) {
    const positions = new Map<string, XY>();
    const latest = new Map(nodes.map((n) => [n.id, n]));
    for (const id of dragEnded) {
      const n = latest.get(id);
      if (n && n.type === 'block') positions.set(id, { x: Math.round(n.position.x), y: Math.round(n.position.y) });
    }
    if (positions.size) commit(withGraph(moveNodes(s.doc.graph, positions)), { sameStructure: true });
  }
}

function refitFrames(nodes: FlowNode[], doc: Doc, groupIds: ReadonlySet<string>): FlowNode[] {
  const pos = new Map(nodes.map((n) => [n.id, n.position]));
  const boxes = frameBoxes(doc.graph, doc.groups, (id) => pos.get(id));
  return nodes.map((n) => {
    if (n.type !== 'frame' || !groupIds.has(n.data.groupId)) return n;
    const b = boxes.get(n.data.groupId);
    if (!b) return n;
    const frame: FrameNode = { ...n, position: { x: b.x, y: b.y }, data: { ...n.data, width: b.w, height: b.h }, style: { width: b.w, height: b.h } };
    return frame;
  });
}

export function onEdgesChange(changes: EdgeChange<FlowEdge>[]): void {
  const s = get();
  const own = changes.filter((c) => c.type !== 'remove');
  if (!own.length) return;
  const edges = applyEdgeChanges(own, s.edges);
  set({ edges, selectedEdges: new Set(edges.filter((e) => e.selected).map((e) => e.id)) });
}

/** Deletes nodes and edges (the Delete key, or the toolbar). */
export function deleteItems(nodeIds: readonly string[], edgeIds: readonly string[]): void {
  const s = get();
  const nodes = nodeIds.filter((id) => !id.startsWith(FRAME_PREFIX));
  if (!nodes.length && !edgeIds.length) return;
  let graph = s.doc.graph;
  if (edgeIds.length) graph = disconnect(graph, edgeIds);
  if (nodes.length) graph = removeNodes(graph, nodes);
  commit(withGraph(graph), { select: [] });
}

export function deleteSelection(): void {
  const s = get();
  deleteItems([...s.selected], [...s.selectedEdges]);
}

/**
 * Wires `source` into `target`: its first free input; when every input is taken, the last one is
 * rewired (dropping a wire on a used socket replaces it, as in other node editors).
 */
export function connectNodes(source: string, target: string): void {
  const g = get().doc.graph;
  if (source === target) return;
  const node = g.nodes.find((n) => n.id === target);
  const spec = node && specIn(g, node.type);
  if (!spec) return;
  const taken = new Set(g.edges.filter((e) => e.target === target).map((e) => e.targetPort));
  let port = 0;
  while (taken.has(port)) port++;
  if (port >= spec.ports.max) port = spec.ports.max - 1;
  if (g.edges.some((e) => e.source === source && e.target === target && e.targetPort === port)) return;
  commit(withGraph(connect(g, source, target, port)));
}

/** Starts an empty network: one Input, ready for the first layer (undoable). */
export function newGraph(): void {
  const { graph } = addNode({ nodes: [], edges: [], meta: { name: 'Untitled network' } }, 'Input', { x: 0, y: 0 }, {}, 'input');
  commit({ graph, groups: {} }, { select: [] });
  set({ fitRequest: get().fitRequest + 1, notice: undefined });
}

/** Is a wire from `source` to `target` allowed to start? (the target must take inputs). */
export function canConnect(source: string | null, target: string | null): boolean {
  if (!source || !target || source === target) return false;
  const g = get().doc.graph;
  const node = g.nodes.find((n) => n.id === target);
  const spec = node && specIn(g, node.type);
  return !!spec && spec.ports.max > 0;
}

export function setSelection(nodeIds: readonly string[], focus = false): void {
  const s = get();
  const selected = new Set(nodeIds);
  const nodes = s.nodes.map((n) => {
    const want = selected.has(n.id);
    return !!n.selected === want ? n : { ...n, selected: want };
  });
  const edges = s.edges.map((e) => (e.selected ? { ...e, selected: false } : e));
  set({ nodes, edges, selected, selectedEdges: new Set(), focusRequest: focus && nodeIds[0] ? { ids: nodeIds, mode: 'center', n: (s.focusRequest?.n ?? 0) + 1 } : s.focusRequest });
}

function focus(ids: readonly string[], mode: 'center' | 'fit'): void {
  set({ focusRequest: { ids, mode, n: (get().focusRequest?.n ?? 0) + 1 } });
}

// ---- adding blocks -----------------------------------------------------------------------------

/**
 * Adds a block at `position` (its top-left corner). With `onEdge`, the block is inserted into
 * that wire; with `after`, it is wired after that node.
 */
export function addBlock(type: string, position: XY, options: { onEdge?: string; after?: string } = {}): string | undefined {
  const s = get();
  const spec = specIn(s.doc.graph, type);
  if (!spec) return undefined;
  const takesInput = spec.ports.max > 0;
  const edge = takesInput && options.onEdge ? s.doc.graph.edges.find((e) => e.id === options.onEdge) : undefined;
  let base = s.doc.graph;
  let at = { x: Math.round(position.x), y: Math.round(position.y) };
  if (edge) {
    // Make room: the block takes the place of the wire's target, which moves down with
    // everything under it in its column.
    const target = base.nodes.find((n) => n.id === edge.target);
    if (target) {
      at = target.position;
      const push = NODE_H + 44;
      const moved = new Map<string, XY>();
      for (const n of base.nodes) {
        if (Math.abs(n.position.x - target.position.x) < NODE_W && n.position.y >= target.position.y - 1) {
          moved.set(n.id, { x: n.position.x, y: n.position.y + push });
        }
      }
      base = moveNodes(base, moved);
    }
  }
  const { graph: added, id } = addNode(base, type, at);
  let graph = added;
  if (edge) {
    // Removed without renumbering the target's other inputs (disconnect would close the gap
    // in a Concat's ports): the block takes over exactly this input.
    graph = { ...graph, edges: graph.edges.filter((e) => e.id !== edge.id) };
    graph = connect(graph, edge.source, id, 0);
    graph = connect(graph, id, edge.target, edge.targetPort);
  } else if (options.after && takesInput && graph.nodes.some((n) => n.id === options.after)) {
    graph = connect(graph, options.after, id, 0);
  }
  // A block dropped inside a user's group joins it.
  let groups = s.doc.groups;
  if (edge) {
    for (const gid of framesOf(s.doc, edge.source)) {
      const g = groups[gid];
      if (g?.kind === 'user' && framesOf(s.doc, edge.target).includes(gid)) groups = { ...groups, [gid]: { ...g, members: [...g.members, id] } };
    }
  }
  commit({ graph, groups }, { select: [id] });
  return id;
}

/** Where a block added "after" a node goes: below it. */
export function positionBelow(id: string): XY | undefined {
  const n = get().doc.graph.nodes.find((x) => x.id === id);
  return n ? { x: n.position.x, y: n.position.y + NODE_H + 48 } : undefined;
}

/** Sets some params of a node; consecutive typing in one field is one undo step. */
export function updateParams(id: string, params: ParamRecord, field: string): void {
  commit(withGraph(setParams(get().doc.graph, id, params)), { coalesce: `params:${id}:${field}` });
}

export function renameLabel(id: string, label: string): void {
  const g = get().doc.graph;
  const trimmed = label.trim();
  const graph = trimmed ? renameNode(g, id, trimmed) : { ...g, nodes: g.nodes.map((n) => (n.id === id ? { id: n.id, type: n.type, params: n.params, position: n.position } : n)) };
  commit(withGraph(graph), { coalesce: `label:${id}` });
}

// ---- copy and paste ---------------------------------------------------------------------------

/** The selected nodes and the wires between them. */
function selectionSnippet(name = 'Selection'): Snippet | undefined {
  const s = get();
  const ids = s.selected;
  if (ids.size === 0) return undefined;
  const nodes = s.doc.graph.nodes.filter((n) => ids.has(n.id));
  const edges = s.doc.graph.edges.filter((e) => ids.has(e.source) && ids.has(e.target));
  return { name, nodes, edges };
}

export function copySelection(): boolean {
  const snip = selectionSnippet();
  if (!snip) return false;
  set({ clipboard: snip });
  try { localStorage.setItem('layerwise.clipboard', JSON.stringify(snip)); } catch { /* private mode: memory only */ }
  return true;
}

export function cutSelection(): void {
  if (copySelection()) deleteSelection();
}

/**
 * Inserts a snippet with fresh ids, offset from where it was (or at `at`), selected, wired
 * after `after` when given. Returns the new ids.
 */
export function insertSnippet(snip: Snippet, options: { at?: XY; after?: string; group?: string } = {}): string[] {
  const s = get();
  let graph = s.doc.graph;
  const rename = new Map<string, string>();
  let minX = Infinity; let minY = Infinity;
  for (const n of snip.nodes) { minX = Math.min(minX, n.position.x); minY = Math.min(minY, n.position.y); }
  const dx = options.at ? options.at.x - minX : 40;
  const dy = options.at ? options.at.y - minY : 40;
  const nodes: GraphNode[] = [];
  for (const n of snip.nodes) {
    const id = freshNodeId(graph, n.type);
    rename.set(n.id, id);
    const node: GraphNode = { id, type: n.type, params: n.params, position: { x: Math.round(n.position.x + dx), y: Math.round(n.position.y + dy) }, ...(n.label ? { label: n.label } : {}) };
    nodes.push(node);
    graph = { ...graph, nodes: [...graph.nodes, node] };
  }
  const edges: GraphEdge[] = snip.edges.filter((e) => rename.has(e.source) && rename.has(e.target)).map((e) => {
    const source = rename.get(e.source)!;
    const target = rename.get(e.target)!;
    return { id: edgeId(source, target, e.targetPort), source, target, targetPort: e.targetPort };
  });
  graph = { ...graph, edges: [...graph.edges, ...edges] };
  if (options.after) {
    // Wire the snippet's entry nodes (inputs not fed inside it) after the chosen node.
    const fed = new Set(edges.map((e) => e.target));
    for (const n of nodes) {
      const spec = specIn(graph, n.type);
      if (spec && spec.ports.min > 0 && !fed.has(n.id)) graph = connect(graph, options.after, n.id);
    }
  }
  let groups = s.doc.groups;
  if (options.group) {
    const gid = freshGroupId(s.doc);
    const g: Group = { kind: 'user', id: gid, name: options.group, members: nodes.map((n) => n.id) };
    groups = { ...groups, [gid]: g };
  }
  const ids = nodes.map((n) => n.id);
  commit({ graph, groups }, { select: ids });
  return ids;
}

export function paste(): void {
  let clip = get().clipboard;
  if (!clip) {
    try {
      const raw = localStorage.getItem('layerwise.clipboard');
      if (raw) clip = JSON.parse(raw) as Snippet;
    } catch { /* nothing to paste */ }
  }
  if (clip && Array.isArray(clip.nodes) && clip.nodes.length) {
    const ids = insertSnippet(clip);
    // The next paste lands further on, as in drawing programs.
    const placed = get().doc.graph.nodes.filter((n) => ids.includes(n.id));
    set({ clipboard: { ...clip, nodes: placed, edges: get().doc.graph.edges.filter((e) => ids.includes(e.source) && ids.includes(e.target)) } });
  }
}

export function duplicateSelection(): void {
  const snip = selectionSnippet();
  if (snip) insertSnippet(snip);
}

// ---- groups and composite blocks --------------------------------------------------------------

/**
 * Groups the selection into a new block type of this graph named `name` (makeBlock): the
 * selection becomes one node of that type, and the palette offers more copies. Returns the new
 * node's id, or undefined after saying why the selection cannot be one block.
 */
export function groupSelection(name: string): string | undefined {
  const s = get();
  const members = [...s.selected];
  if (!members.length) return undefined;
  const r = makeBlock(s.doc.graph, members, name);
  if ('error' in r) {
    notify({ tone: 'error', title: `The selection was not grouped: ${r.error}` });
    return undefined;
  }
  commit({ graph: r.graph, groups: s.doc.groups }, { select: [r.id] });
  set({ notice: undefined });
  return r.id;
}

/** Removes a user's frame; its nodes stay. */
export function ungroup(groupId: string): void {
  const s = get();
  const groups = { ...s.doc.groups };
  if (groups[groupId]?.kind !== 'user') return;
  delete groups[groupId];
  commit({ graph: s.doc.graph, groups });
}

/** A user group as a reusable snippet (for the palette's "My blocks"). */
export function groupSnippet(groupId: string): Snippet | undefined {
  const s = get();
  const g = s.doc.groups[groupId];
  if (!g || g.kind !== 'user') return undefined;
  const ids = new Set(groupMembers(s.doc.graph, g));
  return {
    name: g.name,
    nodes: s.doc.graph.nodes.filter((n) => ids.has(n.id)),
    edges: s.doc.graph.edges.filter((e) => ids.has(e.source) && ids.has(e.target)),
  };
}

let layoutModule: Promise<typeof import('@/lib/graph/layout')> | undefined;
/** The layout code (elkjs, ~1.5 MB) is loaded on first use, or ahead of it when the page is idle. */
export function loadLayout(): Promise<typeof import('@/lib/graph/layout')> {
  layoutModule ??= import('@/lib/graph/layout');
  return layoutModule;
}

/**
 * Opening or closing a block changes the size of one part of the network, so the whole graph is
 * laid out again (as TensorBoard's graph view does when a namespace opens) and the view moves to
 * the block. Undo brings back the previous arrangement.
 */
async function relayoutAround(doc: Doc, ids: readonly string[], mode: 'center' | 'fit', select: readonly string[]): Promise<void> {
  const layout = await loadLayout();
  const { graph } = await layout.layoutGraph(doc.graph, layoutOptionsFor(doc, layout));
  commit({ graph, groups: doc.groups }, { select });
  focus(ids, mode);
}

/** Opens a composite block in place (double-click). */
export async function openBlock(id: string): Promise<void> {
  const { layoutGraph } = await loadLayout();
  const r = await openComposite(get().doc, id, async (inner) => (await layoutGraph(inner)).graph);
  if (!r.ok) { notify({ tone: 'error', title: r.error }); return; }
  const members = groupMembers(r.doc.graph, r.doc.groups[id]!);
  await relayoutAround(r.doc, members, 'fit', []);
}

/** Closes an opened block (double-click on its frame, or its close button). */
export async function closeBlock(id: string): Promise<void> {
  const r = closeComposite(get().doc, id);
  if (!r.ok) { notify({ tone: 'error', title: r.error }); return; }
  await relayoutAround(r.doc, [id], 'center', [id]);
}

/**
 * Layout options for the whole graph: frames as compound nodes, and — when one tall column would
 * have to be shrunk below a readable zoom to fit — the network wrapped into side-by-side columns
 * shaped like the canvas.
 */
function layoutOptionsFor(doc: Doc, layout: typeof import('@/lib/graph/layout')): import('@/lib/graph/layout').LayoutOptions {
  const groups = Object.values(doc.groups).map((g) => ({ id: g.id, members: groupMembers(doc.graph, g) }));
  const el = typeof document !== 'undefined' ? document.querySelector('.lw-canvas') : null;
  const w = el?.clientWidth || 1200;
  const h = el?.clientHeight || 700;
  const columnHeight = layout.layerCount(doc.graph) * (NODE_H + 44);
  // Wrapping with frames is unreliable in elkjs for big graphs (the layout then runs twice,
  // see layoutGraph): a big graph with frames stays one column and opens at its top.
  const wrap = columnHeight > 0 && h / columnHeight < 0.65 && (groups.length === 0 || doc.graph.nodes.length <= 150);
  return {
    groups,
    nodeSize: () => ({ width: NODE_W, height: NODE_H }),
    groupPadding: { top: FRAME_TOP, side: FRAME_SIDE },
    ...(wrap ? { aspectRatio: w / h } : {}),
  };
}

/** Lays the whole graph out again (frames as compound nodes) and fits the view. */
export async function autoLayout(): Promise<void> {
  const s = get();
  const layout = await loadLayout();
  set({ busy: 'Laying out…' });
  try {
    const { graph } = await layout.layoutGraph(s.doc.graph, layoutOptionsFor(s.doc, layout));
    if (get().doc !== s.doc) return; // edited meanwhile: keep the edit
    commit({ graph, groups: s.doc.groups }, { sameStructure: true });
    set({ fitRequest: get().fitRequest + 1 });
  } finally {
    set({ busy: undefined });
  }
}

/**
 * Loads a preset (laid out, view fitted). With `open`, every block is opened: the full network
 * of primitives, each block in its frame.
 */
export async function loadPreset(id: string, options: { open?: boolean } = {}): Promise<void> {
  const preset = getPreset(id);
  if (!preset) { notify({ tone: 'error', title: `There is no preset '${id}'` }); return; }
  set({ busy: `Laying out ${preset.name}…` });
  try {
    const layoutP = loadLayout();
    const built = preset.build();
    const graph: Graph = { ...built, meta: { ...built.meta, name: built.meta?.name ?? preset.name, preset: preset.id } };
    const doc = options.open ? openAll(graph) : { graph, groups: {} };
    await loadDoc(doc, await layoutP, true);
  } catch (e) {
    notify({ tone: 'error', title: `${preset.name} could not be loaded (${e instanceof Error ? e.message : String(e)})` });
  } finally {
    set({ busy: undefined });
  }
}

/** Lays out (when asked) and shows a document as one undoable step; fits the view. */
export async function loadDoc(doc: Doc, layout?: typeof import('@/lib/graph/layout'), relayout = true): Promise<void> {
  let next = doc;
  if (relayout) {
    const mod = layout ?? await loadLayout();
    const { graph } = await mod.layoutGraph(doc.graph, layoutOptionsFor(doc, mod));
    next = { graph, groups: doc.groups };
  }
  commit(next, { select: [] });
  set({ fitRequest: get().fitRequest + 1, notice: undefined });
}

/** The document to save or share: opened blocks closed again where they are unchanged. */
export function documentForExport(): Graph {
  return closeAll(get().doc).graph;
}

/** Called by the canvas when the view has been fitted after a load. */
export function markLoaded(): void {
  set({ loads: get().loads + 1 });
}
