/** Small builders for the tiny graphs unit tests analyse. */
import type { CustomBlockDef, Graph, GraphEdge, GraphNode, ParamRecord, XY } from '@/lib/graph/types';

/** A layer in a chain: its block type and (optional) params. */
export type Layer = readonly [type: string, params?: ParamRecord];

/** A node with the given id, type and params, placed at the origin. */
export function node(id: string, type: string, params: ParamRecord = {}): GraphNode {
  return { id, type, params, position: { x: 0, y: 0 } };
}

/** An edge from `source` into input `port` of `target`. */
export function edge(source: string, target: string, port = 0): GraphEdge {
  return { id: `${source}->${target}:${port}`, source, target, targetPort: port };
}

/**
 * Input of `[H, W, C]` followed by `layers` in a line. The input's id is `in`, the layers'
 * ids are `n1`, `n2`, … in order, so the last layer is `n${layers.length}`.
 */
export function chain(inputShape: readonly [number, number, number], ...layers: Layer[]): Graph {
  const [height, width, channels] = inputShape;
  const nodes: GraphNode[] = [node('in', 'Input', { height, width, channels })];
  const edges: GraphEdge[] = [];
  layers.forEach(([type, params], i) => {
    const id = `n${i + 1}`;
    nodes.push(node(id, type, params));
    edges.push(edge(i === 0 ? 'in' : `n${i}`, id));
  });
  return { nodes, edges };
}

/** The same node placed at (x, y). */
export function at(n: GraphNode, x: number, y: number): GraphNode {
  return { ...n, position: { x, y } };
}

/** Where node `id` sits, or undefined when the graph has no such node. */
export function positionOf(g: Graph, id: string): XY | undefined {
  return g.nodes.find((n) => n.id === id)?.position;
}

/** The wires as "source>target:port", in the graph's order. */
export function wireList(g: Graph): string[] {
  return g.edges.map((e) => `${e.source}>${e.target}:${e.targetPort}`);
}

/** "Res", a graph's own block: c (0,0) Conv 3×3 ×4 → sum (40,120) Add(block input, c). */
export const RES_BLOCK: CustomBlockDef = {
  name: 'Res',
  nodes: [at(node('c', 'Conv2D', { filters: 4, kernel: 3 }), 0, 0), at(node('sum', 'Add'), 40, 120)],
  edges: [edge('c', 'sum', 1)],
  inputs: [[{ node: 'c', port: 0 }, { node: 'sum', port: 0 }]],
  output: 'sum',
};

/** Input 8×8×3 → c1 → c2 → sum(c1, c2) → f → d, one node every 100 px down. */
export function branchyChain(): Graph {
  return {
    nodes: [
      at(node('in', 'Input', { height: 8, width: 8, channels: 3 }), 0, 0),
      at(node('c1', 'Conv2D', { filters: 4, kernel: 3 }), 0, 100),
      at(node('c2', 'Conv2D', { filters: 4, kernel: 3 }), 0, 200),
      at(node('sum', 'Add'), 0, 300),
      at(node('f', 'Flatten'), 0, 400),
      at(node('d', 'Dense', { units: 10 }), 0, 500),
    ],
    edges: [edge('in', 'c1'), edge('c1', 'c2'), edge('c1', 'sum', 0), edge('c2', 'sum', 1), edge('sum', 'f'), edge('f', 'd')],
  };
}
