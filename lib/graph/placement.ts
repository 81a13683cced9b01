/**
 * Where new nodes go on the canvas: below the node they follow, at the bottom of the graph, or in
 * the place of a wire's target (which moves down with its column to make room). Pure geometry on
 * node positions; the node face has a fixed size (the canvas's CSS keeps it so).
 */
import type { Graph, XY } from './types';

/** Size of a node face on the canvas. */
export const NODE_W = 216;
export const NODE_H = 64;
/** Vertical distance from one node's top to the next when a node is added below another. */
export const BELOW_STEP = NODE_H + 48;
/** How far a column moves down to make room for a node inserted into a wire. */
export const INSERT_PUSH = NODE_H + 44;
/** How far below the lowest node a block clicked in the palette lands when nothing is selected. */
export const BOTTOM_STEP = 120;

/** Where a node added "after" node `id` goes: right below it. */
export function positionBelow(graph: Graph, id: string): XY | undefined {
  const n = graph.nodes.find((x) => x.id === id);
  return n ? { x: n.position.x, y: n.position.y + BELOW_STEP } : undefined;
}

/**
 * Where a block clicked in the palette goes, and what it is wired after: below the one selected
 * node (wired to it); with no single selection, under the lowest node of the graph (the first in
 * the list when several share that row), unwired; in an empty graph, at the origin.
 */
export function clickPlacement(graph: Graph, selected: ReadonlySet<string>): { at: XY; after?: string } {
  const after = selected.size === 1 ? [...selected][0]! : undefined;
  const below = after !== undefined ? positionBelow(graph, after) : undefined;
  if (below) return { at: below, after };
  let lowest: Graph['nodes'][number] | undefined;
  for (const n of graph.nodes) if (!lowest || n.position.y > lowest.position.y) lowest = n;
  return { at: lowest ? { x: lowest.position.x, y: lowest.position.y + BOTTOM_STEP } : { x: 0, y: 0 } };
}

/**
 * Makes room at node `id`'s place for a node inserted before it: that node and every node under
 * it in its column (left edges less than a node width apart, tops at most 1 px above it) move
 * down by INSERT_PUSH. Returns the moved positions and the freed spot (the node's old place).
 */
export function roomAbove(graph: Graph, id: string): { spot: XY; moved: Map<string, XY> } | undefined {
  const target = graph.nodes.find((n) => n.id === id);
  if (!target) return undefined;
  const moved = new Map<string, XY>();
  for (const n of graph.nodes) {
    if (Math.abs(n.position.x - target.position.x) < NODE_W && n.position.y >= target.position.y - 1) {
      moved.set(n.id, { x: n.position.x, y: n.position.y + INSERT_PUSH });
    }
  }
  return { spot: target.position, moved };
}
