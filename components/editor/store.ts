/**
 * The editor's state: one zustand store. The document (graph + frames of opened blocks) is the
 * source of truth; the analysis and React Flow's nodes and edges are derived from it on every
 * edit. Every edit goes through `commit`, which keeps the undo stack (a stack of documents),
 * re-derives the view and autosaves. The edits themselves are pure functions (lib/graph/edits.ts,
 * block-types.ts, clipboard.ts, placement.ts; ./doc.ts for frames): this file only calls them,
 * keeps the selection and talks to the canvas. Components read narrow slices through `useShallow`
 * selectors.
 */
import { applyEdgeChanges, applyNodeChanges, type EdgeChange, type NodeChange } from '@xyflow/react';
import { create } from 'zustand';
import { analyse, type Analysis } from '@/lib/graph/analyse';
import { blockInstances, makeBlock } from '@/lib/graph/block-types';
import { copyNodes, pasteClip, readClip, type Clip } from '@/lib/graph/clipboard';
import { addNode, canWire, connect, disconnect, moveNodes, paramsEdit, placeBlock, removeNodes, renameNode, setParams, wirePort } from '@/lib/graph/edits';
import { convertLegacyBlocks, type LegacyGroup } from '@/lib/graph/legacy-blocks';
import { clickPlacement } from '@/lib/graph/placement';
import type { WordableError } from '@/lib/graph/graph-errors';
import type { Graph, ParamRecord, ParamValue, XY } from '@/lib/graph/types';
import { getPreset } from '@/presets';
import {
  closeAll, closeComposite, deleteBlockTypeInDoc, EMPTY_DOC, groupMembers, layoutOptionsFor, openAll, openComposite,
  pruneGroups, renameBlockTypeInDoc, type Doc,
} from './doc';
import { forgetLegacyLibrary, readLegacyLibrary, saveAutosave } from './persist';
import { deriveEdges, deriveNodes, frameDrag, refitFrames, type FlowEdge, type FlowNode } from './view';

/**
 * Words for the user: a message of the `editor` namespace (key and arguments; the page words it
 * in the user's language), or text already in words (a reason passed on from lib).
 */
export type Words = string | { readonly error: WordableError } | {
  readonly key: string;
  readonly values?: Readonly<Record<string, string | number>>;
  /** Arguments that are lib's errors, worded in the user's language (a refusal's reason). */
  readonly errors?: Readonly<Record<string, WordableError>>;
};

/** A line of a notice: text, or a graph file's issue (its path, and the error the page words). */
export type NoticeLine = string | { readonly path: string; readonly error: WordableError };

export interface Notice {
  readonly tone: 'error' | 'info';
  readonly title: Words;
  readonly lines?: readonly NoticeLine[];
}

/** Why a param value was refused: lib's errors, for the field to word in the user's language. */
export type ParamRefusal = readonly WordableError[];

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
  readonly busy?: Words;
  /** Bumped to ask the canvas to fit the view; `loads` counts finished loads (for tests and the benchmark). */
  readonly fitRequest: number;
  readonly loads: number;
  /** Bring nodes into view: centre on the first (`center`) or fit them all (`fit`). */
  readonly focusRequest?: { readonly ids: readonly string[]; readonly mode: 'center' | 'fit'; readonly n: number };
  readonly clipboard?: Clip;
}

const EMPTY_ANALYSIS = analyse(EMPTY_DOC.graph);
const HISTORY_LIMIT = 100;
/** Where Copy also writes the clip, so that another tab of the editor can paste it. */
const CLIPBOARD_KEY = 'layerwise.clipboard';
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

/** Goes back one edit. */
export function undo(): void {
  const s = get();
  const prev = s.past[s.past.length - 1];
  if (!prev) return;
  lastCoalesce = undefined;
  const current = s.doc;
  commit(prev, { history: false });
  set({ past: s.past.slice(0, -1), future: [current, ...s.future] });
}

/** Goes forward again over an undone edit. */
export function redo(): void {
  const s = get();
  const next = s.future[0];
  if (!next) return;
  lastCoalesce = undefined;
  const current = s.doc;
  commit(next, { history: false });
  set({ past: [...s.past, current], future: s.future.slice(1) });
}

/** Shows a message above the canvas (or clears it). */
export function notify(notice: Notice | undefined): void {
  set({ notice });
}

/** Commits a new graph with the current frames. */
function commitGraph(graph: Graph, options?: CommitOptions): void {
  commit({ graph, groups: get().doc.groups }, options);
}

// ---- canvas events ---------------------------------------------------------------------------

/**
 * React Flow's node changes: drags and selection are applied to the view at once; a finished
 * drag is written to the graph (one undo step, no re-analysis: only positions changed). Dragging
 * a frame by its title moves everything inside it (view.ts frameDrag).
 */
export function onNodesChange(changes: NodeChange<FlowNode>[]): void {
  const s = get();
  const { own, follow, dragEnded } = frameDrag(s.doc, s.nodes, changes);
  const applied = [...own, ...follow];
  let nodes = applyNodeChanges(applied, s.nodes);
  // Frames follow their members.
  nodes = refitFrames(nodes, s.doc, applied.flatMap((c) => (c.type === 'position' && c.position ? [c.id] : [])));
  set(changes.some((c) => c.type === 'select')
    ? { nodes, selected: new Set(nodes.filter((n) => n.selected && n.type === 'block').map((n) => n.id)) }
    : { nodes });
  if (dragEnded.length) {
    const positions = new Map<string, XY>();
    const latest = new Map(nodes.map((n) => [n.id, n]));
    for (const id of dragEnded) {
      const n = latest.get(id);
      if (n && n.type === 'block') positions.set(id, { x: Math.round(n.position.x), y: Math.round(n.position.y) });
    }
    if (positions.size) commitGraph(moveNodes(s.doc.graph, positions), { sameStructure: true });
  }
}

/** React Flow's edge changes: selection only (deletions go through deleteItems). */
export function onEdgesChange(changes: EdgeChange<FlowEdge>[]): void {
  const s = get();
  const own = changes.filter((c) => c.type !== 'remove');
  if (!own.length) return;
  const edges = applyEdgeChanges(own, s.edges);
  set({ edges, selectedEdges: new Set(edges.filter((e) => e.selected).map((e) => e.id)) });
}

/** Deletes nodes and edges (the Delete key, or the toolbar). */
export function deleteItems(nodeIds: readonly string[], edgeIds: readonly string[]): void {
  const ids = new Set(get().doc.graph.nodes.map((n) => n.id));
  const nodes = nodeIds.filter((id) => ids.has(id));
  if (!nodes.length && !edgeIds.length) return;
  let graph = get().doc.graph;
  if (edgeIds.length) graph = disconnect(graph, edgeIds);
  if (nodes.length) graph = removeNodes(graph, nodes);
  commitGraph(graph, { select: [] });
}

/** Deletes the selected nodes and wires. */
export function deleteSelection(): void {
  const s = get();
  deleteItems([...s.selected], [...s.selectedEdges]);
}

/** Wires `source` into `target`, on the input wirePort chooses. */
export function connectNodes(source: string, target: string): void {
  const g = get().doc.graph;
  const port = wirePort(g, source, target);
  if (port !== undefined) commitGraph(connect(g, source, target, port));
}

/** Is a wire from `source` to `target` allowed to start? (the target must take inputs). */
export function canConnect(source: string | null, target: string | null): boolean {
  return !!source && !!target && canWire(get().doc.graph, source, target);
}

/** Starts an empty network: one Input, ready for the first layer (undoable). */
export function newGraph(): void {
  const { graph } = addNode({ nodes: [], edges: [], meta: { name: 'Untitled network' } }, 'Input', { x: 0, y: 0 }, {}, 'input');
  commit({ graph, groups: {} }, { select: [] });
  set({ fitRequest: get().fitRequest + 1, notice: undefined });
}

/** Selects these nodes (and no wires); with `focus`, the canvas centres on the first. */
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

// ---- adding blocks and editing params -----------------------------------------------------------

/**
 * Adds a block at `position` (its top-left corner). With `onEdge`, the block is inserted into
 * that wire; with `after`, it is wired after that node (edits.ts placeBlock).
 */
export function addBlock(type: string, position: XY, options: { onEdge?: string; after?: string } = {}): string | undefined {
  const r = placeBlock(get().doc.graph, type, position, options);
  if (!r) return undefined;
  commitGraph(r.graph, { select: [r.id] });
  return r.id;
}

/** Adds a block clicked in the palette: below the selected node, wired to it (placement.ts clickPlacement). */
export function addClickedBlock(type: string): string | undefined {
  const s = get();
  const { at, after } = clickPlacement(s.doc.graph, s.selected);
  return addBlock(type, at, { after });
}

/** Sets some params of a node; consecutive typing in one field is one undo step. */
export function updateParams(id: string, params: ParamRecord, field: string): void {
  commitGraph(setParams(get().doc.graph, id, params), { coalesce: `params:${id}:${field}` });
}

/**
 * Tries a new value for field `key` of node `id` (edits.ts paramsEdit): applied, or the reason it
 * is refused (the graph keeps its last good value).
 */
export function attemptParam(id: string, key: string, value: ParamValue): ParamRefusal | undefined {
  const r = paramsEdit(get().doc.graph, id, key, value);
  if (!r.ok) return r.problems.length ? r.problems : [{ message: r.error }];
  updateParams(id, r.patch, key);
  return undefined;
}

/** Sets a node's display name; an empty one removes it (the id shows again). */
export function renameLabel(id: string, label: string): void {
  commitGraph(renameNode(get().doc.graph, id, label), { coalesce: `label:${id}` });
}

// ---- copy and paste ---------------------------------------------------------------------------

/** Copies the selected nodes, their wires and the block types they use; false when nothing is selected. */
export function copySelection(): boolean {
  const s = get();
  const clip = copyNodes(s.doc.graph, s.selected);
  if (!clip) return false;
  set({ clipboard: clip });
  try { localStorage.setItem(CLIPBOARD_KEY, JSON.stringify(clip)); } catch { /* private mode: memory only */ }
  return true;
}

/** Copies the selection, then deletes it. */
export function cutSelection(): void {
  if (copySelection()) deleteSelection();
}

/** Pastes a clip (clipboard.ts pasteClip), selected; says which block types came in under another name. */
function insertClip(clip: Clip, options: { at?: XY; after?: string } = {}): string[] {
  const r = pasteClip(get().doc.graph, clip, options);
  commitGraph(r.graph, { select: r.ids });
  if (r.renamed.length) {
    notify({
      tone: 'info',
      title: r.renamed.length === 1
        ? { key: 'notices.pastedRenamedOne', values: { from: r.renamed[0]!.from, to: r.renamed[0]!.to } }
        : { key: 'notices.pastedRenamedMany' },
      ...(r.renamed.length > 1 ? { lines: r.renamed.map((x) => `${x.from} → ${x.to}`) } : {}),
    });
  }
  return r.ids;
}

/** Pastes the clipboard (this tab's, else the one another tab left in storage); the next paste lands further on. */
export function paste(): void {
  let clip = get().clipboard;
  if (!clip) {
    try {
      const raw = localStorage.getItem(CLIPBOARD_KEY);
      if (raw) clip = readClip(JSON.parse(raw));
    } catch { /* nothing to paste */ }
  }
  if (!clip) return;
  const ids = insertClip(clip);
  // The next paste lands further on, as in drawing programs.
  set({ clipboard: copyNodes(get().doc.graph, ids) });
}

/** Pastes a copy of the selection next to it. */
export function duplicateSelection(): void {
  const s = get();
  const clip = copyNodes(s.doc.graph, s.selected);
  if (clip) insertClip(clip);
}

// ---- the graph's own block types --------------------------------------------------------------

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
    notify({ tone: 'error', title: { key: 'notices.notGrouped', errors: { reason: { message: r.error, code: r.code, values: r.values } } } });
    return undefined;
  }
  commitGraph(r.graph, { select: [r.id] });
  set({ notice: undefined });
  return r.id;
}

/** Renames block type `from` (doc.ts renameBlockTypeInDoc); returns the reason when refused. */
export function renameBlock(from: string, to: string): WordableError | undefined {
  const r = renameBlockTypeInDoc(get().doc, from, to);
  if (!r.ok) return r.problem ?? { message: r.error };
  commit(r.doc);
  return undefined;
}

/** The nodes of block type `name` (for asking before deleting it). */
export function copiesOf(name: string): string[] {
  return blockInstances(get().doc.graph, name);
}

/** Deletes block type `name`; its copies become their layers (doc.ts deleteBlockTypeInDoc). */
export function deleteBlock(name: string): void {
  const r = deleteBlockTypeInDoc(get().doc, name);
  if (!r.ok) { notify({ tone: 'error', title: { key: 'notices.notDeleted', values: { name }, errors: { reason: r.problem ?? { message: r.error } } } }); return; }
  commit(r.doc, { select: [] });
}

/**
 * Brings blocks kept by an older version of the editor into the graph shown (legacy-blocks.ts):
 * `groups`, the frames of the autosave just restored, and the "My blocks" of this browser, which
 * are then removed from its storage, so this happens once. No undo step (there is nothing older
 * to go back to); a notice says what became of each. Returns true when there was anything.
 */
export function adoptOldBlocks(groups: readonly LegacyGroup[]): boolean {
  const snippets = readLegacyLibrary();
  if (!groups.length && !snippets.length) return false;
  const r = convertLegacyBlocks(get().doc.graph, groups, snippets);
  commitGraph(r.graph, { history: false });
  if (snippets.length) forgetLegacyLibrary();
  const lines = [
    ...r.blocks.map((b) => (b.from === b.to ? b.to : `${b.to} (was "${b.from}")`)),
    ...r.skipped.map((x) => `"${x.name}" stays as it was: ${x.reason}`),
  ];
  notify({
    tone: 'info',
    title: { key: r.blocks.length ? 'notices.adopted' : 'notices.notAdopted' },
    lines,
  });
  return true;
}

// ---- layout, opening blocks, loading --------------------------------------------------------

let layoutModule: Promise<typeof import('@/lib/graph/layout')> | undefined;
/** The layout code (elkjs, ~1.5 MB) is loaded on first use, or ahead of it when the page is idle. */
export function loadLayout(): Promise<typeof import('@/lib/graph/layout')> {
  layoutModule ??= import('@/lib/graph/layout');
  return layoutModule;
}

/** Layout options for `doc` in the canvas as it is on screen (doc.ts layoutOptionsFor). */
function layoutOptions(doc: Doc, layout: typeof import('@/lib/graph/layout')): import('@/lib/graph/layout').LayoutOptions {
  const el = typeof document !== 'undefined' ? document.querySelector('.lw-canvas') : null;
  return layoutOptionsFor(doc, layout.layerCount(doc.graph), { width: el?.clientWidth || 1200, height: el?.clientHeight || 700 });
}

/**
 * Opening or closing a block changes the size of one part of the network, so the whole graph is
 * laid out again (as TensorBoard's graph view does when a namespace opens) and the view moves to
 * the block. Undo brings back the previous arrangement.
 */
async function relayoutAround(doc: Doc, ids: readonly string[], mode: 'center' | 'fit', select: readonly string[]): Promise<void> {
  const layout = await loadLayout();
  const { graph } = await layout.layoutGraph(doc.graph, layoutOptions(doc, layout));
  commit({ graph, groups: doc.groups }, { select });
  focus(ids, mode);
}

/** Opens a composite block in place (double-click). */
export async function openBlock(id: string): Promise<void> {
  const { layoutGraph } = await loadLayout();
  const r = await openComposite(get().doc, id, async (inner) => (await layoutGraph(inner)).graph);
  if (!r.ok) { notify({ tone: 'error', title: { error: r.problem ?? { message: r.error } } }); return; }
  const members = groupMembers(r.doc.graph, r.doc.groups[id]!);
  await relayoutAround(r.doc, members, 'fit', []);
}

/** Closes an opened block (double-click on its frame, or its close button). */
export async function closeBlock(id: string): Promise<void> {
  const r = closeComposite(get().doc, id);
  if (!r.ok) { notify({ tone: 'error', title: { error: r.problem ?? { message: r.error } } }); return; }
  await relayoutAround(r.doc, [id], 'center', [id]);
}

/** Lays the whole graph out again (frames as compound nodes) and fits the view. */
export async function autoLayout(): Promise<void> {
  const s = get();
  const layout = await loadLayout();
  set({ busy: { key: 'busy.layingOut' } });
  try {
    const { graph } = await layout.layoutGraph(s.doc.graph, layoutOptions(s.doc, layout));
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
  if (!preset) { notify({ tone: 'error', title: { key: 'notices.noPreset', values: { id } } }); return; }
  set({ busy: { key: 'busy.layingOutPreset', values: { name: preset.name } } });
  try {
    const layoutP = loadLayout();
    const built = preset.build();
    const graph: Graph = { ...built, meta: { ...built.meta, name: built.meta?.name ?? preset.name, preset: preset.id } };
    const doc = options.open ? openAll(graph) : { graph, groups: {} };
    await loadDoc(doc, await layoutP, true);
  } catch (e) {
    notify({ tone: 'error', title: { key: 'notices.presetFailed', values: { name: preset.name, reason: e instanceof Error ? e.message : String(e) } } });
  } finally {
    set({ busy: undefined });
  }
}

/** Lays out (when asked) and shows a document as one undoable step; fits the view. */
export async function loadDoc(doc: Doc, layout?: typeof import('@/lib/graph/layout'), relayout = true): Promise<void> {
  let next = doc;
  if (relayout) {
    const mod = layout ?? await loadLayout();
    const { graph } = await mod.layoutGraph(doc.graph, layoutOptions(doc, mod));
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
