/**
 * Pure edit functions: each takes a graph and returns the next one. The editor's store only
 * calls these, and undo is a stack of graphs.
 */
import { getBlock } from '../blocks';
import { defaultParams } from '../blocks/params';
import type { Graph, GraphEdge, GraphNode, ParamRecord, XY } from './types';

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
