/**
 * The graph's own block types (`graph.blocks`) as edits: make one from a selection, rename it,
 * delete it (its copies become their layers again), and bring in definitions from elsewhere
 * (paste, old saves) without losing either side of a name clash. Pure: a graph in, the next
 * graph (or the reason it cannot be) out.
 */
import { getBlock } from '../blocks';
import { BLOCK_NAME, specIn } from './custom';
import { edgeId, freshNodeId } from './edits';
import { blockValue, graphError, listValue, type ErrorValues, type GraphErrorCode, type GraphProblem } from './graph-errors';
import type { CustomBlockDef, Graph, GraphEdge, GraphNode, ParamRecord } from './types';

const own = (graph: Pick<Graph, 'blocks'>, name: string): CustomBlockDef | undefined =>
  graph.blocks && Object.prototype.hasOwnProperty.call(graph.blocks, name) ? graph.blocks[name] : undefined;

/**
 * Why an edit of the graph's own blocks is refused: in English (`error`), and as a code with values
 * for the app to word (lib/graph/graph-errors.ts).
 */
export interface BlockRefusal {
  readonly error: string;
  readonly code: GraphErrorCode;
  readonly values: ErrorValues;
}

function refusal(p: GraphProblem): BlockRefusal {
  return { error: p.message, code: p.code, values: p.values };
}

const refuse = (code: GraphErrorCode, values: ErrorValues = {}): BlockRefusal => refusal(graphError(code, values));

/** Ids as a refusal names them: 'a', 'b'. */
const quotedIds = (ids: readonly string[], join: 'comma' | 'and') => listValue(ids.map((id) => `'${id}'`), join);

/** Why `name` cannot name a new block of `graph`, or undefined when it can. */
export function blockNameProblem(graph: Pick<Graph, 'blocks'>, name: string): GraphProblem | undefined {
  if (!BLOCK_NAME.test(name)) return graphError('blockBadName', { name });
  if (getBlock(name)) return graphError('blockNameBuiltIn', { name });
  if (own(graph, name)) return graphError('blockNameTaken', { name });
  return undefined;
}

/** A wire into the piece from outside: `source` is outside, `target` one of its layers. */
interface Entering {
  readonly source: string;
  readonly target: string;
  readonly targetPort: number;
}

/** Layers to become one block, with their wiring: what `buildDefinition` needs. */
interface Piece {
  readonly nodes: readonly GraphNode[];
  readonly inner: readonly GraphEdge[];
  readonly entering: readonly Entering[];
  /** Layers that could be the block's output (those feeding the rest, and ends). */
  readonly outputs: readonly string[];
}

/**
 * The definition of a block made of `piece`: one input per outside source, ordered by where its
 * first consumer sits (top to bottom, then left to right, then by port); positions relative to
 * the piece's top-left corner. Refused, with the reason, when the piece is not one connected
 * part with one output and at least one input.
 */
function buildDefinition(piece: Piece, name: string): { def: CustomBlockDef; sources: string[] } | BlockRefusal {
  const { nodes, inner, entering } = piece;
  const byId = new Map(nodes.map((n) => [n.id, n]));
  // Connected in itself (edges taken both ways), so the block is one piece.
  const links = new Map<string, string[]>();
  for (const e of inner) {
    links.set(e.source, [...(links.get(e.source) ?? []), e.target]);
    links.set(e.target, [...(links.get(e.target) ?? []), e.source]);
  }
  const seen = new Set([nodes[0]!.id]);
  const todo = [nodes[0]!.id];
  while (todo.length) for (const next of links.get(todo.pop()!) ?? []) if (!seen.has(next)) { seen.add(next); todo.push(next); }
  if (seen.size < nodes.length) {
    return refuse('groupApart', { ids: quotedIds(nodes.filter((n) => !seen.has(n.id)).map((n) => n.id).slice(0, 4), 'comma') });
  }
  const outs = piece.outputs;
  if (outs.length !== 1) {
    return outs.length === 0 ? refuse('groupNoOutput') : refuse('groupManyOutputs', { ids: quotedIds(outs, 'and') });
  }
  if (entering.length === 0) return refuse('groupNoInput');

  const at = (e: Entering) => byId.get(e.target)!.position;
  const sorted = [...entering].sort((a, b) => at(a).y - at(b).y || at(a).x - at(b).x || a.targetPort - b.targetPort);
  const sources: string[] = [];
  for (const e of sorted) if (!sources.includes(e.source)) sources.push(e.source);
  const inputs = sources.map((src) => sorted.filter((e) => e.source === src).map((e) => ({ node: e.target, port: e.targetPort })));
  const x0 = Math.min(...nodes.map((n) => n.position.x));
  const y0 = Math.min(...nodes.map((n) => n.position.y));
  const def: CustomBlockDef = {
    name,
    nodes: nodes.map((n) => ({ ...n, position: { x: n.position.x - x0, y: n.position.y - y0 } })),
    edges: inner,
    inputs,
    output: outs[0]!,
  };
  return { def, sources };
}

/** A layer that may go inside a block: a registry type that takes inputs; else why not. */
function layerProblem(n: GraphNode): BlockRefusal | undefined {
  const spec = getBlock(n.type);
  if (!spec) return refuse('groupOwnBlock', { id: n.id, type: n.type });
  if (spec.ports.max === 0) return refuse('groupInput', { id: n.id, block: blockValue(spec.type, spec.name) });
  return undefined;
}

/**
 * Turns the selected nodes into one node of a new block type named `name`, added to
 * `graph.blocks`. The edges entering the selection become the block's inputs (one input per
 * outside source, ordered by where their first consumer sits, top to bottom, then by port); the one
 * selected node that feeds the rest of the graph (or, at the end of the graph, the one that ends
 * it) becomes its output. Refuses, with a reason, selections that cannot be one block.
 */
export function makeBlock(graph: Graph, nodeIds: readonly string[], name: string): { graph: Graph; id: string } | BlockRefusal {
  const title = name.trim();
  const bad = blockNameProblem(graph, title);
  if (bad) return refusal(bad);
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const chosen = graph.nodes.filter((n) => nodeIds.includes(n.id));
  if (chosen.length === 0) return refuse('groupNothingSelected');
  const sel = new Set(chosen.map((n) => n.id));
  for (const n of chosen) {
    const problem = layerProblem(n);
    if (problem) return problem;
  }
  const inner = graph.edges.filter((e) => sel.has(e.source) && sel.has(e.target));
  const entering = graph.edges.filter((e) => !sel.has(e.source) && sel.has(e.target) && byId.has(e.source));
  const leaving = graph.edges.filter((e) => sel.has(e.source) && !sel.has(e.target) && byId.has(e.target));
  const feeders = [...new Set(leaving.map((e) => e.source))];
  const ends = chosen.filter((n) => !graph.edges.some((e) => e.source === n.id)).map((n) => n.id);
  const built = buildDefinition({ nodes: chosen, inner, entering, outputs: [...new Set([...feeders, ...ends])] }, title);
  if ('error' in built) return built;
  const { def, sources } = built;

  const id = freshNodeId(graph, title);
  const xs = chosen.map((n) => n.position.x);
  const y0 = Math.min(...chosen.map((n) => n.position.y));
  const node: GraphNode = { id, type: title, params: {}, position: { x: (Math.min(...xs) + Math.max(...xs)) / 2, y: y0 } };
  const outside = graph.edges.filter((e) => !sel.has(e.source) && !sel.has(e.target));
  const edges: GraphEdge[] = [
    ...outside,
    ...sources.map((src, port) => ({ id: edgeId(src, id, port), source: src, target: id, targetPort: port })),
    ...leaving.map((e) => ({ id: edgeId(id, e.target, e.targetPort), source: id, target: e.target, targetPort: e.targetPort })),
  ];
  // Keep the new node where the first selected node stood in the list, so the order stays readable.
  const first = graph.nodes.findIndex((n) => sel.has(n.id));
  const nodes = graph.nodes.filter((n) => !sel.has(n.id));
  nodes.splice(first, 0, node);
  return { graph: { ...graph, nodes, edges, blocks: { ...graph.blocks, [title]: def } }, id };
}

/** Stands for "outside" when layers are fed by nothing at all (a snippet saved on its own). */
const OUTSIDE = '\u0000outside';

/**
 * A block definition from some layers of `graph` that stay where they are (an old saved group
 * or snippet). Like makeBlock, except that Inputs among them are left out (their wires become
 * the block's inputs), and layers that nothing feeds read the block's (one more) input.
 */
export function definitionFrom(graph: Graph, memberIds: readonly string[], name: string): { def: CustomBlockDef } | BlockRefusal {
  const members = new Set(memberIds);
  const present = new Set(graph.nodes.map((n) => n.id));
  const chosen = graph.nodes.filter((n) => members.has(n.id) && getBlock(n.type)?.ports.max !== 0);
  if (chosen.length === 0) return refuse('groupNoLayers');
  for (const n of chosen) {
    const problem = layerProblem(n);
    if (problem) return problem;
  }
  const sel = new Set(chosen.map((n) => n.id));
  const inner = graph.edges.filter((e) => sel.has(e.source) && sel.has(e.target));
  const entering: Entering[] = graph.edges.filter((e) => !sel.has(e.source) && sel.has(e.target) && present.has(e.source));
  for (const n of chosen) {
    if (!inner.some((e) => e.target === n.id) && !entering.some((e) => e.target === n.id)) entering.push({ source: OUTSIDE, target: n.id, targetPort: 0 });
  }
  const feeders = graph.edges.filter((e) => sel.has(e.source) && !sel.has(e.target) && present.has(e.target)).map((e) => e.source);
  const ends = chosen.filter((n) => !graph.edges.some((e) => e.source === n.id)).map((n) => n.id);
  const built = buildDefinition({ nodes: chosen, inner, entering, outputs: [...new Set([...feeders, ...ends])] }, name);
  return 'error' in built ? built : { def: built.def };
}

// ---- names and sameness -------------------------------------------------------------------

/**
 * A valid block name from any text: characters a name may not hold become spaces, a name that
 * does not start with a letter gets "Block " in front, and it is cut to 40 characters.
 * "Stem (v2)" → "Stem v2"; "1x1 stack" → "Block 1x1 stack".
 */
export function blockNameFrom(text: string): string {
  let name = text.replace(/[^A-Za-z0-9 _-]+/g, ' ').replace(/\s+/g, ' ').trim();
  if (!/^[A-Za-z]/.test(name)) name = `Block ${name}`.trim();
  return name.slice(0, 40).trim();
}

/** `wanted` if free in `graph`, else "wanted 2", "wanted 3", … (cut to fit 40 characters). */
export function freeBlockName(graph: Pick<Graph, 'blocks'>, wanted: string): string {
  const base = blockNameFrom(wanted);
  if (!blockNameProblem(graph, base)) return base;
  for (let i = 2; ; i++) {
    const suffix = ` ${i}`;
    const name = `${base.slice(0, 40 - suffix.length).trim()}${suffix}`;
    if (!blockNameProblem(graph, name)) return name;
  }
}

function stable(value: unknown): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  const rec = value as Record<string, unknown>;
  return `{${Object.keys(rec).sort().map((k) => `${JSON.stringify(k)}:${stable(rec[k])}`).join(',')}}`;
}

/**
 * Do two definitions make the same block? Same layers (type and params, in order), same wiring,
 * same inputs and output; ids, positions, labels and descriptions do not count.
 */
export function sameDefinition(a: CustomBlockDef, b: CustomBlockDef): boolean {
  const canon = (d: CustomBlockDef): string => {
    const index = new Map(d.nodes.map((n, i) => [n.id, i]));
    const at = (id: string) => index.get(id) ?? -1;
    return [
      d.nodes.map((n) => `${n.type}${stable(n.params)}`).join(';'),
      d.edges.map((e) => `${at(e.source)}>${at(e.target)}:${e.targetPort}`).sort().join(';'),
      d.inputs.map((list) => list.map((c) => `${at(c.node)}:${c.port}`).join(',')).join('|'),
      String(at(d.output)),
    ].join('\n');
  };
  return canon(a) === canon(b);
}

/** A name a definition came in with, and the one it has in the graph now. */
export interface BlockRename {
  readonly from: string;
  readonly to: string;
}

/**
 * Brings definitions into `graph.blocks`. A definition whose name is free keeps it; one that
 * equals (sameDefinition) the graph's block of that name is that block; any other clash gets the
 * next free name ("ConvBN 2"), so neither side is lost. `names` maps each definition's name to
 * the name it has now; `renamed` lists the ones that changed, to say so.
 */
export function adoptBlocks(graph: Graph, defs: readonly CustomBlockDef[]): { graph: Graph; names: Map<string, string>; renamed: BlockRename[] } {
  const names = new Map<string, string>();
  const renamed: BlockRename[] = [];
  let blocks = graph.blocks;
  for (const def of defs) {
    if (names.has(def.name)) continue;
    const wanted = blockNameFrom(def.name);
    const existing = own({ blocks }, wanted);
    let name: string;
    if (existing && sameDefinition(existing, def)) {
      name = wanted;
    } else {
      name = freeBlockName({ blocks }, wanted);
      blocks = { ...blocks, [name]: { ...def, name } };
    }
    names.set(def.name, name);
    if (name !== def.name) renamed.push({ from: def.name, to: name });
  }
  return { graph: blocks === graph.blocks ? graph : { ...graph, blocks }, names, renamed };
}

// ---- references to block types --------------------------------------------------------------

/** The keys of `params` that name a block type (Repeat's "block"), by the node's spec. */
function blockParamKeys(graph: Pick<Graph, 'blocks'>, node: GraphNode): string[] {
  const spec = specIn(graph, node.type);
  return spec ? Object.keys(spec.params).filter((k) => spec.params[k]!.kind === 'block') : [];
}

/**
 * A node with the block types it refers to renamed by `names`: its type, and params that name a
 * block (a Repeat of that block). The same object when nothing changes.
 */
export function renameTypeRefs(graph: Pick<Graph, 'blocks'>, node: GraphNode, names: ReadonlyMap<string, string>): GraphNode {
  let params: ParamRecord = node.params;
  for (const k of blockParamKeys(graph, node)) {
    const v = params[k];
    if (typeof v === 'string' && names.has(v)) params = { ...params, [k]: names.get(v)! };
  }
  const type = names.get(node.type) ?? node.type;
  return type === node.type && params === node.params ? node : { ...node, type, params };
}

/** The graph's own block types that `nodes` use: as their type, or named in a param (Repeat). */
export function blockTypesUsed(graph: Graph, nodes: readonly GraphNode[]): CustomBlockDef[] {
  const out: CustomBlockDef[] = [];
  const add = (name: unknown) => {
    const def = typeof name === 'string' ? own(graph, name) : undefined;
    if (def && !out.includes(def)) out.push(def);
  };
  for (const n of nodes) {
    add(n.type);
    for (const k of blockParamKeys(graph, n)) add(n.params[k]);
  }
  return out;
}

// ---- rename and delete ------------------------------------------------------------------------

/**
 * Renames block type `from` to `to`: its definition (kept in its place in `blocks`), every node of
 * that type, and params that name it. Refused, with the reason, when `to` cannot name a block.
 */
export function renameBlockType(graph: Graph, from: string, to: string): { graph: Graph } | BlockRefusal {
  const def = own(graph, from);
  if (!def) return refuse('blockNotFound', { name: from });
  const name = to.trim();
  if (name === from) return { graph };
  const bad = blockNameProblem(graph, name);
  if (bad) return refusal(bad);
  const names = new Map([[from, name]]);
  const blocks: Record<string, CustomBlockDef> = {};
  for (const [k, d] of Object.entries(graph.blocks!)) {
    const nodes = d.nodes.map((n) => renameTypeRefs(graph, n, names));
    const changed = nodes.some((n, i) => n !== d.nodes[i]);
    if (k === from) blocks[name] = { ...d, name, ...(changed ? { nodes } : {}) };
    else blocks[k] = changed ? { ...d, nodes } : d;
  }
  return { graph: { ...graph, nodes: graph.nodes.map((n) => renameTypeRefs(graph, n, names)), blocks } };
}

/** The nodes of type `name` (its copies in the graph). */
export function blockInstances(graph: Graph, name: string): string[] {
  return graph.nodes.filter((n) => n.type === name).map((n) => n.id);
}

/**
 * Deletes block type `name`. Its copies become their layers again, in their place (ids of the
 * definition where free, else `copy_layer`), wired as the block was, so the network and its
 * totals stay the same; nodes below a copy move down to make room. Refused while a param names
 * the block (a Repeat of it): that node has no layers to become.
 */
export function deleteBlockType(graph: Graph, name: string): { graph: Graph; inlined: string[] } | BlockRefusal {
  const def = own(graph, name);
  if (!def) return refuse('blockNotFound', { name });
  const refs = graph.nodes.filter((n) => blockParamKeys(graph, n).some((k) => n.params[k] === name));
  if (refs.length) return refuse('blockStillRepeated', { ids: quotedIds(refs.map((n) => n.id), 'comma'), count: refs.length, name });
  const inlined = blockInstances(graph, name);
  let g = graph;
  for (const id of inlined) g = inlineCopy(g, id, def);
  const blocks = Object.fromEntries(Object.entries(g.blocks ?? {}).filter(([k]) => k !== name));
  // The last block gone, the graph has no "blocks" at all (as before the first was made).
  const next: Graph = Object.keys(blocks).length ? { ...g, blocks } : { nodes: g.nodes, edges: g.edges, ...(g.meta ? { meta: g.meta } : {}) };
  return { graph: next, inlined };
}

/** Replaces node `id` (a copy of `def`) by the layers of `def`. */
function inlineCopy(graph: Graph, id: string, def: CustomBlockDef): Graph {
  const node = graph.nodes.find((n) => n.id === id)!;
  const taken = new Set(graph.nodes.map((n) => n.id));
  const rename = new Map<string, string>();
  for (const inner of def.nodes) {
    const base = taken.has(inner.id) ? `${id}_${inner.id}` : inner.id;
    let fresh = base;
    for (let i = 2; taken.has(fresh); i++) fresh = `${base}_${i}`;
    taken.add(fresh);
    rename.set(inner.id, fresh);
  }
  // Centred under where the copy was, as opening a block places its inside.
  const xs = def.nodes.map((n) => n.position.x);
  const ys = def.nodes.map((n) => n.position.y);
  const cx = (Math.min(...xs) + Math.max(...xs)) / 2;
  const cy = Math.min(...ys);
  const push = Math.max(...ys) - cy;
  const layers: GraphNode[] = def.nodes.map((inner) => ({
    ...inner, id: rename.get(inner.id)!, position: { x: Math.round(node.position.x + inner.position.x - cx), y: Math.round(node.position.y + inner.position.y - cy) },
  }));
  const nodes: GraphNode[] = [];
  for (const n of graph.nodes) {
    if (n.id === id) nodes.push(...layers);
    else nodes.push(push > 0 && n.position.y > node.position.y + 1 ? { ...n, position: { x: n.position.x, y: n.position.y + push } } : n);
  }
  const wire = (source: string, target: string, port: number): GraphEdge => ({ id: edgeId(source, target, port), source, target, targetPort: port });
  const edges: GraphEdge[] = [];
  for (const e of graph.edges) {
    if (e.target === id) {
      for (const c of def.inputs[e.targetPort] ?? []) edges.push(wire(e.source === id ? rename.get(def.output)! : e.source, rename.get(c.node)!, c.port));
    } else if (e.source === id) {
      edges.push(wire(rename.get(def.output)!, e.target, e.targetPort));
    } else {
      edges.push(e);
    }
  }
  for (const e of def.edges) edges.push(wire(rename.get(e.source)!, rename.get(e.target)!, e.targetPort));
  return { ...graph, nodes, edges };
}
