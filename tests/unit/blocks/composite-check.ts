/** Shared checks for composite-block tests: the collapsed and fully expanded graphs must agree. */
import { expect } from 'vitest';
import { getBlock } from '@/lib/blocks';
import { analyse, type Analysis } from '@/lib/graph/analyse';
import { expandGraph } from '@/lib/graph/expand';
import type { Graph } from '@/lib/graph/types';

/**
 * Analyses `graph` as it is and with every composite opened down to primitives, asserts both are
 * valid and give the same totals, output shape and output receptive field, and returns both.
 */
export function expectExpandedAgrees(graph: Graph): { collapsed: Analysis; expanded: Analysis; expandedGraph: Graph } {
  const collapsed = analyse(graph);
  expect(collapsed.errors).toEqual([]);
  const expandedGraph = expandGraph(graph, { deep: true });
  // Nothing composite is left after a deep expansion.
  expect(expandedGraph.nodes.filter((n) => getBlock(n.type)?.kind === 'composite').map((n) => n.id)).toEqual([]);
  const expanded = analyse(expandedGraph);
  expect(expanded.errors).toEqual([]);
  expect(expanded.totals).toEqual(collapsed.totals);
  expect(expanded.outputShape).toEqual(collapsed.outputShape);
  const rf = (a: Analysis) => a.nodes[a.outputs[0]!]!.receptiveField;
  expect(rf(expanded)).toEqual(rf(collapsed));
  return { collapsed, expanded, expandedGraph };
}
