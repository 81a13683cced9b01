/**
 * Pure edit functions: each takes a graph and returns the next one. The editor's store only
 * calls these, and undo is a stack of graphs.
 */
import { getBlock } from '../blocks';
import { defaultParams, resolveParams } from '../blocks/params';
import { specIn } from './custom';
import type { GraphProblem } from './graph-errors';
import { roomAbove } from './placement';
import type { Graph, GraphEdge, GraphNode, ParamRecord, ParamValue, XY } from './types';

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

/** The id the editor gives an edge: "source->target:port". */
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

/** Moves nodes to the given positions (others unchanged). */
export function moveNodes(graph: Graph, positions: ReadonlyMap<string, XY>): Graph {
  return { ...graph, nodes: graph.nodes.map((n) => (positions.has(n.id) ? { ...n, position: positions.get(n.id)! } : n)) };
}

/** Gives a node a display name (its label, trimmed); an empty one removes it, so the id shows again. */
export function renameNode(graph: Graph, id: string, label: string): Graph {
  const trimmed = label.trim();
  return {
    ...graph,
    nodes: graph.nodes.map((n) => {
      if (n.id !== id) return n;
      if (trimmed) return { ...n, label: trimmed };
      const unlabelled: GraphNode = { id: n.id, type: n.type, params: n.params, position: n.position };
      return unlabelled;
    }),
  };
}

/** Can a wire start from `source` to `target`? The target must exist and take inputs. */
export function canWire(graph: Graph, source: string, target: string): boolean {
  if (source === target) return false;
  const node = graph.nodes.find((n) => n.id === target);
  const spec = node && specIn(graph, node.type);
  return !!spec && spec.ports.max > 0;
}

/**
 * The input of `target` a wire from `source` should take: its first free port; when every port
 * is taken, the last one (dropping a wire on a used socket replaces it, as in other node
 * editors). Undefined when no wire can go there: a node into itself, a target that takes no
 * input or is unknown, or the very same wire again.
 */
export function wirePort(graph: Graph, source: string, target: string): number | undefined {
  if (source === target) return undefined;
  const node = graph.nodes.find((n) => n.id === target);
  const spec = node && specIn(graph, node.type);
  if (!spec || spec.ports.max === 0) return undefined;
  const taken = new Set(graph.edges.filter((e) => e.target === target).map((e) => e.targetPort));
  let port = 0;
  while (taken.has(port)) port++;
  if (port >= spec.ports.max) port = spec.ports.max - 1;
  if (graph.edges.some((e) => e.source === source && e.target === target && e.targetPort === port)) return undefined;
  return port;
}

/**
 * Inserts a new node of `type` into wire `edgeId`: it takes the place of the wire's target, which
 * moves down with everything under it in its column (roomAbove), and the wire becomes
 * source → new node → target, on the target's same input. Undefined when the wire is unknown or
 * the type takes no input.
 */
export function insertOnEdge(graph: Graph, type: string, edgeId: string): { graph: Graph; id: string } | undefined {
  const spec = specIn(graph, type);
  const edge = graph.edges.find((e) => e.id === edgeId);
  if (!spec || spec.ports.max === 0 || !edge) return undefined;
  const room = roomAbove(graph, edge.target);
  if (!room) return undefined;
  const { graph: added, id } = addNode(moveNodes(graph, room.moved), type, room.spot);
  // Removed without renumbering the target's other inputs (disconnect would close the gap in a
  // Concat's ports): the new node takes over exactly this input.
  let next: Graph = { ...added, edges: added.edges.filter((e) => e.id !== edge.id) };
  next = connect(next, edge.source, id, 0);
  next = connect(next, id, edge.target, edge.targetPort);
  return { graph: next, id };
}

/**
 * Adds a node of `type` with its top-left corner at `position` (rounded to whole pixels). With
 * `onEdge` (a wire it was dropped on) it is inserted into that wire; else with `after` it is
 * wired after that node. Undefined for an unknown type.
 */
export function placeBlock(graph: Graph, type: string, position: XY, options: { onEdge?: string; after?: string } = {}): { graph: Graph; id: string } | undefined {
  const spec = specIn(graph, type);
  if (!spec) return undefined;
  if (options.onEdge) {
    const inserted = insertOnEdge(graph, type, options.onEdge);
    if (inserted) return inserted;
  }
  const at = { x: Math.round(position.x), y: Math.round(position.y) };
  const { graph: added, id } = addNode(graph, type, at);
  const after = options.after;
  if (after !== undefined && spec.ports.max > 0 && added.nodes.some((n) => n.id === after)) return { graph: connect(added, after, id, 0), id };
  return { graph: added, id };
}

/**
 * The params to set when field `key` of node `nodeId` becomes `value`, or the reason it is
 * refused: the value breaks the block's schema, or a rule across params that held before.
 * Choosing another block for a Repeat (a `block` param) starts that block's params (the
 * `params` param) from the new block's defaults.
 */
export function paramsEdit(graph: Graph, nodeId: string, key: string, value: ParamValue):
  { ok: true; patch: ParamRecord } | { ok: false; error: string; problems: readonly GraphProblem[] } {
  const node = graph.nodes.find((n) => n.id === nodeId);
  const spec = node && specIn(graph, node.type);
  if (!node || !spec) return { ok: false, error: `There is no node '${nodeId}' with a known block type`, problems: [] };
  let patch: ParamRecord = { [key]: value };
  if (spec.params[key]?.kind === 'block') {
    const paramsKey = Object.keys(spec.params).find((k) => spec.params[k]!.kind === 'params');
    const inner = specIn(graph, String(value));
    if (paramsKey) patch = { ...patch, [paramsKey]: inner ? defaultParams(inner) : {} };
  }
  // A Repeat may name one of the graph's own blocks: its checks look there too.
  const ctx = { lookup: (type: string) => specIn(graph, type) };
  const before = resolveParams(spec, node.params, ctx);
  const after = resolveParams(spec, { ...node.params, ...patch }, ctx);
  if (!after.ok) {
    const old = new Set(before.ok ? [] : before.errors.map((e) => e.message));
    const fresh = after.errors.filter((e) => !old.has(e.message));
    // `error` in English for callers without a language; `problems` for the app to word.
    if (fresh.length) return { ok: false, error: fresh.map((e) => e.message).join('; '), problems: fresh };
  }
  return { ok: true, patch };
}
