/** Small builders for the tiny graphs unit tests analyse. */
import type { Graph, GraphEdge, GraphNode, ParamRecord } from '@/lib/graph/types';

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
