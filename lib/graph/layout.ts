/**
 * Automatic layout: layered, top to bottom (ELK's "layered" algorithm, the Sugiyama method).
 * Pure and async: takes a graph, returns the same graph with new positions. No React, no DOM;
 * runs in the browser and under Node alike (elkjs's bundled build needs no worker).
 *
 * Open composite blocks are laid out as compound nodes, so their members stay
 * together inside one frame and the frame does not overlap its neighbours.
 */
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import type { Graph, GraphNode, XY } from './types';

export interface Size {
  readonly width: number;
  readonly height: number;
}

/** A set of nodes drawn inside one frame (an opened composite block, a user's group). */
export interface LayoutGroup {
  readonly id: string;
  readonly members: readonly string[];
}

export interface LayoutOptions {
  /** Size of each node on screen; default 216×64 (the editor's node face). */
  readonly nodeSize?: (node: GraphNode) => Size;
  /** Frames; nested frames are allowed (one's members a subset of another's). */
  readonly groups?: readonly LayoutGroup[];
  /** Space a frame keeps around its members: top (for its title), sides and bottom. */
  readonly groupPadding?: { readonly top: number; readonly side: number };
  /** Vertical gap between layers and horizontal gap between nodes of one layer. */
  readonly layerGap?: number;
  readonly nodeGap?: number;
  /**
   * Wrap a long network into side-by-side columns with about this width/height ratio (the
   * canvas's), cutting only at single wires between layers so no branch is split. Without it the
   * layout is one tall column of layers.
   */
  readonly aspectRatio?: number;
}

export const DEFAULT_NODE_SIZE: Size = { width: 216, height: 64 };

let elk: InstanceType<typeof ELK> | undefined;

/** The ELK instance, created once: its set-up (class tables of the compiled Java) costs ~50 ms. */
function engine(): InstanceType<typeof ELK> {
  elk ??= new ELK();
  return elk;
}

/** Frame positions from the last layout, in the same coordinates as the nodes (top-left corner). */
export interface LayoutResult {
  readonly graph: Graph;
  readonly frames: ReadonlyMap<string, { readonly position: XY; readonly size: Size }>;
}

/**
 * Lays out `graph` top to bottom and returns it with new positions (top-left corners), plus the
 * boxes ELK chose for the groups. Edges keep their model order so that a Concat's inputs and an
 * Inception module's four branches read left to right in port order, as in the papers' figures.
 * Nodes, edges and params are untouched; an empty graph comes back as it is.
 */
export async function layoutGraph(graph: Graph, options: LayoutOptions = {}): Promise<LayoutResult> {
  if (graph.nodes.length === 0) return { graph, frames: new Map() };
  const sizeOf = options.nodeSize ?? (() => DEFAULT_NODE_SIZE);
  const pad = options.groupPadding ?? { top: 40, side: 16 };
  const layerGap = options.layerGap ?? 44;
  const nodeGap = options.nodeGap ?? 28;
  const ids = new Set(graph.nodes.map((n) => n.id));

  // Each node and group belongs to its innermost enclosing group (groups are laminar: nested or
  // disjoint), found by member count: the smallest group holding a node is the innermost.
  const groups = (options.groups ?? []).filter((g) => g.members.some((m) => ids.has(m)));
  const memberSets = groups.map((g) => new Set(g.members));
  const ownerOfNode = new Map<string, number>();
  groups.forEach((g, gi) => {
    for (const m of g.members) {
      if (!ids.has(m)) continue;
      const cur = ownerOfNode.get(m);
      if (cur === undefined || memberSets[cur]!.size > memberSets[gi]!.size) ownerOfNode.set(m, gi);
    }
  });
  const parentOfGroup = groups.map((g, gi) => {
    let best = -1;
    const probe = g.members.find((m) => ids.has(m));
    for (let gj = 0; gj < groups.length; gj++) {
      if (gj === gi || probe === undefined || !memberSets[gj]!.has(probe)) continue;
      if (memberSets[gj]!.size <= memberSets[gi]!.size) continue;
      if (best === -1 || memberSets[gj]!.size < memberSets[best]!.size) best = gj;
    }
    return best;
  });

  const groupKey = (gi: number) => `group:${groups[gi]!.id}`;
  // Options that must hold inside frames too: ELK reads some per compound node.
  const layering = {
    'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
    // Each node as high as its inputs allow: the branches of an Inception module start on one
    // row, as in the paper's figure, and a projection shortcut sits beside the block's first conv.
    'elk.layered.layering.strategy': 'LONGEST_PATH_SOURCE',
  };
  const groupOptions = {
    // Model order inside frames crashes elkjs 0.12's crossing minimiser on some graphs; the
    // layering strategy alone keeps branches on one row.
    'elk.layered.layering.strategy': layering['elk.layered.layering.strategy'],
    'elk.padding': `[top=${pad.top},left=${pad.side},bottom=${pad.side},right=${pad.side}]`,
  };
  const elkGroups: ElkNode[] = groups.map((_, gi) => ({ id: groupKey(gi), children: [], layoutOptions: groupOptions }));
  const root: ElkNode = {
    id: '__root__',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.hierarchyHandling': groups.length ? 'INCLUDE_CHILDREN' : 'SEPARATE_CHILDREN',
      'elk.layered.spacing.nodeNodeBetweenLayers': String(layerGap),
      'elk.spacing.nodeNode': String(nodeGap),
      'elk.layered.spacing.edgeNodeBetweenLayers': '12',
      'elk.spacing.edgeNode': '12',
      ...layering,
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.layered.nodePlacement.bk.fixedAlignment': 'BALANCED',
      'elk.edgeRouting': 'POLYLINE',
      'elk.separateConnectedComponents': 'true',
      ...(options.aspectRatio ? {
        'elk.layered.wrapping.strategy': 'SINGLE_EDGE',
        'elk.aspectRatio': String(options.aspectRatio),
        'elk.layered.wrapping.additionalEdgeSpacing': '10',
      } : {}),
    },
    children: [],
    edges: [],
  };
  groups.forEach((_, gi) => {
    const parent = parentOfGroup[gi]!;
    (parent === -1 ? root : elkGroups[parent]!).children!.push(elkGroups[gi]!);
  });
  const edges = graph.edges.filter((e) => ids.has(e.source) && ids.has(e.target) && e.source !== e.target);
  // Nodes with several inputs get one port per input on their top side, in a fixed order, so
  // that input 0 is on the left: a Concat's inputs (an Inception module's four branches) read
  // left to right as in the papers' figures, whatever order the nodes were listed in.
  const inputPorts = new Map<string, Set<number>>();
  for (const e of edges) {
    let set = inputPorts.get(e.target);
    if (!set) inputPorts.set(e.target, (set = new Set()));
    set.add(e.targetPort);
  }
  const portId = (nodeId: string, port: number) => `${nodeId}::in${port}`;
  for (const node of graph.nodes) {
    const size = sizeOf(node);
    const owner = ownerOfNode.get(node.id);
    const target = owner === undefined ? root : elkGroups[owner]!;
    const ports = inputPorts.get(node.id);
    if (ports && ports.size > 1) {
      const sorted = [...ports].sort((a, b) => a - b);
      target.children!.push({
        id: node.id, width: size.width, height: size.height,
        layoutOptions: { 'elk.portConstraints': 'FIXED_ORDER' },
        ports: sorted.map((port, i) => ({
          id: portId(node.id, port), width: 1, height: 1,
          layoutOptions: { 'elk.port.side': 'NORTH', 'elk.port.index': String(i) },
        })),
      });
    } else {
      target.children!.push({ id: node.id, width: size.width, height: size.height });
    }
  }
  root.edges = edges.map((e): ElkExtendedEdge => {
    const multi = (inputPorts.get(e.target)?.size ?? 0) > 1;
    return { id: e.id, sources: [e.source], targets: [multi ? portId(e.target, e.targetPort) : e.target] };
  });

  let laid: ElkNode;
  try {
    laid = await engine().layout(root);
  } catch {
    // elkjs has bugs on some compound graphs; a layout without frames is still a good layout,
    // and the last resort is to keep the positions the graph has. Never an error for the user.
    elk = undefined;
    if (groups.length) return layoutGraph(graph, { ...options, groups: [] });
    return { graph, frames: new Map() };
  }

  const positions = new Map<string, XY>();
  const frames = new Map<string, { position: XY; size: Size }>();
  const walk = (n: ElkNode, ox: number, oy: number) => {
    for (const c of n.children ?? []) {
      const x = ox + (c.x ?? 0);
      const y = oy + (c.y ?? 0);
      if (c.id.startsWith('group:') && !ids.has(c.id)) {
        frames.set(c.id.slice('group:'.length), { position: { x, y }, size: { width: c.width ?? 0, height: c.height ?? 0 } });
        walk(c, x, y);
      } else {
        positions.set(c.id, { x: Math.round(x), y: Math.round(y) });
      }
    }
  };
  walk(laid, 0, 0);
  // Wrapping a graph with frames sometimes scrambles the columns (elkjs 0.12 can start the
  // network half-way down). The network's inputs must be on the top row; else lay it out again
  // as one column.
  if (options.aspectRatio && groups.length) {
    const fed = new Set(edges.map((e) => e.target));
    let top = Infinity;
    for (const p of positions.values()) top = Math.min(top, p.y);
    const sourcesOnTop = graph.nodes.every((n) => fed.has(n.id) || (positions.get(n.id)?.y ?? top) <= top + 2 * pad.top + 1);
    if (!sourcesOnTop) return layoutGraph(graph, { ...options, aspectRatio: undefined });
  }
  return {
    graph: { ...graph, nodes: graph.nodes.map((n) => { const p = positions.get(n.id); return p ? { ...n, position: p } : n; }) },
    frames,
  };
}

/**
 * The number of layers a layered layout gives (nodes on the longest path), computed in linear
 * time: lets a caller tell whether the graph will be a tall column before laying it out.
 * Nodes in cycles are ignored.
 */
export function layerCount(graph: Graph): number {
  const indeg = new Map<string, number>();
  const out = new Map<string, string[]>();
  for (const n of graph.nodes) { indeg.set(n.id, 0); out.set(n.id, []); }
  for (const e of graph.edges) {
    if (!indeg.has(e.source) || !indeg.has(e.target)) continue;
    indeg.set(e.target, indeg.get(e.target)! + 1);
    out.get(e.source)!.push(e.target);
  }
  const depth = new Map<string, number>();
  const queue = graph.nodes.filter((n) => indeg.get(n.id) === 0).map((n) => n.id);
  for (const id of queue) depth.set(id, 1);
  let max = graph.nodes.length ? 1 : 0;
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i]!;
    const d = depth.get(id)!;
    for (const t of out.get(id)!) {
      if (d + 1 > (depth.get(t) ?? 0)) depth.set(t, d + 1);
      if (d + 1 > max) max = d + 1;
      const left = indeg.get(t)! - 1;
      indeg.set(t, left);
      if (left === 0) queue.push(t);
    }
  }
  return max;
}
