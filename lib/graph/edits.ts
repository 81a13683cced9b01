/**
 * Pure edit functions: each takes a graph and returns the next one. The editor's store only
 * calls these, and undo is a stack of graphs.
 */
import { getBlock } from '../blocks';
import { defaultParams } from '../blocks/params';
import { BLOCK_NAME } from './custom';
import type { CustomBlockDef, Graph, GraphEdge, GraphNode, ParamRecord, XY } from './types';

/** A fresh id for a node of `type`, e.g. "conv2d_3", unused in `graph`. */
export function freshNodeId(graph: Graph, type: string): string {
  const base = type.toLowerCase().replace(/[^a-z0-9]+/g, '_');
  const used = new Set(graph.nodes.map((n) => n.id));
  for (let i = 1; ; i++) {
    const id = `${base}_${i}`;
    if (!used.has(id)) return id;
  }
}

/** Adds a node of `type` with default params (overridden by `params`). */
export function addNode(graph: Graph, type: string, position: XY, params: ParamRecord = {}, id?: string): { graph: Graph; id: string } {
  const spec = getBlock(type);
  const nodeId = id ?? freshNodeId(graph, type);
  if (graph.nodes.some((n) => n.id === nodeId)) throw new Error(`A node with id '${nodeId}' already exists`);
  const node: GraphNode = { id: nodeId, type, params: { ...(spec ? defaultParams(spec) : {}), ...params }, position };
  return { graph: { ...graph, nodes: [...graph.nodes, node] }, id: nodeId };
}

/** Removes nodes and every edge touching them. */
export function removeNodes(graph: Graph, ids: readonly string[]): Graph {
  const gone = new Set(ids);
  return {
    ...graph,
    nodes: graph.nodes.filter((n) => !gone.has(n.id)),
    edges: graph.edges.filter((e) => !gone.has(e.source) && !gone.has(e.target)),
  };
}

export function edgeId(source: string, target: string, targetPort: number): string {
  return `${source}->${target}:${targetPort}`;
}

/**
 * Connects `source` to input `targetPort` of `target` (default: the first free port).
 * An edge already on that port is replaced, as dropping a wire on a used socket does in
 * node editors.
 */
export function connect(graph: Graph, source: string, target: string, targetPort?: number): Graph {
  const taken = new Set(graph.edges.filter((e) => e.target === target).map((e) => e.targetPort));
  let port = targetPort;
  if (port === undefined) {
    port = 0;
    while (taken.has(port)) port++;
  }
  const edges = graph.edges.filter((e) => !(e.target === target && e.targetPort === port));
  const edge: GraphEdge = { id: edgeId(source, target, port), source, target, targetPort: port };
  return { ...graph, edges: [...edges, edge] };
}

/** Removes edges by id. For ordered multi-input blocks (Concat) the later ports move down to close the gap. */
export function disconnect(graph: Graph, edgeIds: readonly string[]): Graph {
  const gone = new Set(edgeIds);
  const removed = graph.edges.filter((e) => gone.has(e.id));
  let edges = graph.edges.filter((e) => !gone.has(e.id));
  for (const r of removed) {
    edges = edges.map((e) => (e.target === r.target && e.targetPort > r.targetPort
      ? { ...e, targetPort: e.targetPort - 1, id: edgeId(e.source, e.target, e.targetPort - 1) }
      : e));
  }
  return { ...graph, edges };
}

/** Sets some params of a node (others unchanged). Validation happens in analyse. */
export function setParams(graph: Graph, id: string, params: ParamRecord): Graph {
  return { ...graph, nodes: graph.nodes.map((n) => (n.id === id ? { ...n, params: { ...n.params, ...params } } : n)) };
}

export function moveNodes(graph: Graph, positions: ReadonlyMap<string, XY>): Graph {
  return { ...graph, nodes: graph.nodes.map((n) => (positions.has(n.id) ? { ...n, position: positions.get(n.id)! } : n)) };
}

export function renameNode(graph: Graph, id: string, label: string): Graph {
  return { ...graph, nodes: graph.nodes.map((n) => (n.id === id ? { ...n, label } : n)) };
}

/**
 * Turns the selected nodes into one node of a new block type named `name`, added to
 * `graph.blocks`. The edges entering the selection become the block's inputs (one input per
 * outside source, ordered by where their first consumer sits, top to bottom, then by port); the one
 * selected node that feeds the rest of the graph (or, at the end of the graph, the one that ends
 * it) becomes its output. Refuses, with a reason, selections that cannot be one block.
 */
export function makeBlock(graph: Graph, nodeIds: readonly string[], name: string): { graph: Graph; id: string } | { error: string } {
  const title = name.trim();
  if (!BLOCK_NAME.test(title)) {
    return { error: `"${title}" cannot name a block: start with a letter and use letters, digits, spaces, _ or - (at most 40 characters)` };
  }
  if (getBlock(title)) return { error: `"${title}" is a built-in block; choose another name for yours` };
  if (graph.blocks && Object.prototype.hasOwnProperty.call(graph.blocks, title)) {
    return { error: `This graph already has a block named "${title}"; choose another name` };
  }
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const chosen = graph.nodes.filter((n) => nodeIds.includes(n.id));
  if (chosen.length === 0) return { error: 'Select the layers to group first (drag a box around them, or Shift-click)' };
  const sel = new Set(chosen.map((n) => n.id));
  for (const n of chosen) {
    const spec = getBlock(n.type);
    if (!spec) return { error: `'${n.id}' is a "${n.type}" block; blocks inside your own blocks are not supported yet, so group layers only` };
    if (spec.ports.max === 0) return { error: `'${n.id}' is an ${spec.name}; a block gets its inputs from outside, so leave the Input out of the selection` };
  }
  const inner = graph.edges.filter((e) => sel.has(e.source) && sel.has(e.target));
  const entering = graph.edges.filter((e) => !sel.has(e.source) && sel.has(e.target) && byId.has(e.source));
  const leaving = graph.edges.filter((e) => sel.has(e.source) && !sel.has(e.target) && byId.has(e.target));

  // Connected in itself (edges taken both ways), so the block is one piece.
  const links = new Map<string, string[]>();
  for (const e of inner) {
    links.set(e.source, [...(links.get(e.source) ?? []), e.target]);
    links.set(e.target, [...(links.get(e.target) ?? []), e.source]);
  }
  const seen = new Set([chosen[0]!.id]);
  const todo = [chosen[0]!.id];
  while (todo.length) for (const next of links.get(todo.pop()!) ?? []) if (!seen.has(next)) { seen.add(next); todo.push(next); }
  if (seen.size < sel.size) {
    const apart = chosen.filter((n) => !seen.has(n.id)).map((n) => `'${n.id}'`).slice(0, 4).join(', ');
    return { error: `The selected layers are not connected to each other (${apart} stands apart); a block must be one connected piece, so select a chain of linked layers` };
  }

  // The output: the node feeding the rest of the graph, or the selection's one end.
  const feeders = [...new Set(leaving.map((e) => e.source))];
  const ends = chosen.filter((n) => !graph.edges.some((e) => e.source === n.id)).map((n) => n.id);
  const outs = [...new Set([...feeders, ...ends])];
  if (outs.length !== 1) {
    return { error: `A block has one output; ${outs.length === 0 ? 'this selection has none' : `${outs.map((id) => `'${id}'`).join(' and ')} each lead out of the selection`}. Select layers that end in a single layer (merge branches with Add or Concat inside it)` };
  }
  const output = outs[0]!;
  if (entering.length === 0) return { error: 'Nothing enters the selected layers; a block needs at least one input, so connect something into them first' };

  // Inputs: one per outside source, ordered by position of their first consumer, then port.
  const at = (e: GraphEdge) => byId.get(e.target)!.position;
  const sorted = [...entering].sort((a, b) => at(a).y - at(b).y || at(a).x - at(b).x || a.targetPort - b.targetPort);
  const sources: string[] = [];
  for (const e of sorted) if (!sources.includes(e.source)) sources.push(e.source);
  const inputs = sources.map((src) => sorted.filter((e) => e.source === src).map((e) => ({ node: e.target, port: e.targetPort })));

  const x0 = Math.min(...chosen.map((n) => n.position.x));
  const y0 = Math.min(...chosen.map((n) => n.position.y));
  const def: CustomBlockDef = {
    name: title,
    nodes: chosen.map((n) => ({ ...n, position: { x: n.position.x - x0, y: n.position.y - y0 } })),
    edges: inner,
    inputs,
    output,
  };
  const id = freshNodeId(graph, title);
  const xs = chosen.map((n) => n.position.x);
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
