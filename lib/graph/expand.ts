/**
 * Opening composite blocks: replaces a composite node by its inner subgraph, with inner ids
 * prefixed by the block's id (`inc3a/branch2_3x3`) so every inner node traces back to the block.
 */
import { analyse, type Analysis } from './analyse';
import { specIn } from './custom';
import type { Graph, GraphEdge, GraphNode } from './types';

/** Separator between a composite's id and its inner node ids. Never valid in a user's node id. */
export const INNER_SEPARATOR = '/';

/**
 * Expands the given composite nodes (all composites when `ids` is omitted). Nodes whose
 * expansion needs shapes that are unknown (errors upstream) are left as they are.
 * With `deep`, repeats until only primitives remain (Repeat holds Residual blocks, say).
 */
export function expandGraph(graph: Graph, options: { ids?: readonly string[]; deep?: boolean } = {}): Graph {
  let current = graph;
  let wanted = options.ids ? new Set(options.ids) : undefined;
  for (let round = 0; round < 16; round++) {
    const analysis = analyse(current);
    const targets = current.nodes.filter((n) => specIn(current, n.type)?.kind === 'composite' && (!wanted || wanted.has(n.id)) && analysis.nodes[n.id]?.innerGraph);
    if (targets.length === 0) return current;
    const next = expandNodes(current, targets.map((n) => n.id), analysis);
    if (!options.deep) return next;
    // In later rounds expand the composites the first round produced.
    if (wanted) {
      const prefixes = [...wanted].map((id) => id + INNER_SEPARATOR);
      wanted = new Set(next.nodes.filter((n) => prefixes.some((p) => n.id.startsWith(p))).map((n) => n.id));
    }
    current = next;
  }
  return current;
}

function expandNodes(graph: Graph, ids: readonly string[], analysis: Analysis): Graph {
  const idSet = new Set(ids);
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const outputOf = new Map<string, string>();
  const consumersOf = new Map<string, { node: string; port: number }[][]>();
  for (const node of graph.nodes) {
    if (!idSet.has(node.id)) { nodes.push(node); continue; }
    const sub = analysis.nodes[node.id]!.innerGraph!;
    const prefix = node.id + INNER_SEPARATOR;
    const xs = sub.nodes.map((n) => n.position.x);
    const ys = sub.nodes.map((n) => n.position.y);
    const cx = (Math.min(...xs) + Math.max(...xs)) / 2;
    const cy = Math.min(...ys);
    for (const inner of sub.nodes) {
      nodes.push({ ...inner, id: prefix + inner.id, position: { x: node.position.x + inner.position.x - cx, y: node.position.y + inner.position.y - cy } });
    }
    for (const e of sub.edges) {
      edges.push({ ...e, id: prefix + e.id, source: prefix + e.source, target: prefix + e.target });
    }
    outputOf.set(node.id, prefix + sub.output);
    consumersOf.set(node.id, sub.inputs.map((list) => list.map((c) => ({ node: prefix + c.node, port: c.port }))));
  }
  for (const e of graph.edges) {
    const source = outputOf.get(e.source) ?? e.source;
    const consumers = consumersOf.get(e.target);
    if (!consumers) {
      edges.push(source === e.source ? e : { ...e, source });
      continue;
    }
    for (const c of consumers[e.targetPort] ?? []) {
      edges.push({ id: `${e.id}${INNER_SEPARATOR}${c.node}:${c.port}`, source, target: c.node, targetPort: c.port });
    }
  }
  return { ...graph, nodes, edges };
}
