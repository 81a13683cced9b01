import type { GraphEdge, GraphNode, ParamRecord } from '../graph/types';
import type { SubGraph } from './spec';

/** Builds a small local graph: nodes laid out in columns, edges numbered in order. */
export class SubGraphBuilder {
  readonly nodes: GraphNode[] = [];
  readonly edges: GraphEdge[] = [];
  node(id: string, type: string, params: ParamRecord, x = 0, y = 0): string {
    this.nodes.push({ id, type, params, position: { x, y } });
    return id;
  }
  edge(source: string, target: string, targetPort = 0): void {
    this.edges.push({ id: `${source}->${target}:${targetPort}`, source, target, targetPort });
  }
  /** Chains `ids` with edges and returns the last. */
  chain(...ids: string[]): string {
    for (let i = 1; i < ids.length; i++) this.edge(ids[i - 1]!, ids[i]!);
    return ids[ids.length - 1]!;
  }
  done(inputs: SubGraph['inputs'], output: string): SubGraph {
    return { nodes: this.nodes, edges: this.edges, inputs, output };
  }
}
