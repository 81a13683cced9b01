import { describe, expect, it } from 'vitest';
import { DEFAULT_NODE_SIZE, layerCount, layoutGraph } from '@/lib/graph/layout';
import type { Graph, GraphEdge, GraphNode } from '@/lib/graph/types';

const node = (id: string): GraphNode => ({ id, type: 'Conv2D', params: {}, position: { x: 0, y: 0 } });
const edge = (source: string, target: string, targetPort = 0): GraphEdge => ({ id: `${source}->${target}:${targetPort}`, source, target, targetPort });
const chain = (n: number): Graph => {
  const nodes = Array.from({ length: n }, (_, i) => node(`n${i}`));
  return { nodes, edges: nodes.slice(1).map((m, i) => edge(`n${i}`, m.id)) };
};
const pos = (g: Graph, id: string) => g.nodes.find((n) => n.id === id)!.position;

describe('layoutGraph', () => {
  it('stacks a chain top to bottom, one layer each, in one column', async () => {
    const { graph } = await layoutGraph(chain(4));
    const ys = ['n0', 'n1', 'n2', 'n3'].map((id) => pos(graph, id).y);
    for (let i = 1; i < ys.length; i++) {
      // Each layer sits at least a node height plus a gap below the one before.
      expect(ys[i]! - ys[i - 1]!).toBeGreaterThanOrEqual(DEFAULT_NODE_SIZE.height + 20);
    }
    expect(new Set(graph.nodes.map((n) => n.position.x)).size).toBe(1);
    // Only positions change.
    expect(graph.edges).toEqual(chain(4).edges);
  });

  it('puts a Concat\'s inputs left to right in port order (the four Inception branches)', async () => {
    // in → b0..b3 → cat, with b3 wired to port 0 and b0 to port 3: the order follows the ports,
    // not the node list.
    const g: Graph = {
      nodes: ['in', 'b0', 'b1', 'b2', 'b3', 'cat'].map(node),
      edges: [edge('in', 'b0'), edge('in', 'b1'), edge('in', 'b2'), edge('in', 'b3'),
        edge('b3', 'cat', 0), edge('b2', 'cat', 1), edge('b1', 'cat', 2), edge('b0', 'cat', 3)],
    };
    const { graph } = await layoutGraph(g);
    const xs = ['b3', 'b2', 'b1', 'b0'].map((id) => pos(graph, id).x);
    expect([...xs].sort((a, b) => a - b)).toEqual(xs);
    expect(pos(graph, 'cat').y).toBeGreaterThan(pos(graph, 'b0').y);
  });

  it('keeps a group\'s members inside its frame and everything else outside', async () => {
    const g = chain(6);
    const { graph, frames } = await layoutGraph(g, { groups: [{ id: 'blk', members: ['n2', 'n3'] }], groupPadding: { top: 40, side: 16 } });
    const f = frames.get('blk')!;
    expect(f).toBeDefined();
    const inside = (id: string) => {
      const p = pos(graph, id);
      return p.x >= f.position.x && p.y >= f.position.y
        && p.x + DEFAULT_NODE_SIZE.width <= f.position.x + f.size.width
        && p.y + DEFAULT_NODE_SIZE.height <= f.position.y + f.size.height;
    };
    expect(inside('n2') && inside('n3')).toBe(true);
    for (const id of ['n0', 'n1', 'n4', 'n5']) expect(inside(id)).toBe(false);
    // The title band: the first member sits at least 40 px below the frame's top.
    expect(pos(graph, 'n2').y - f.position.y).toBeGreaterThanOrEqual(40);
  });

  it('wraps a long chain into columns when given the canvas\'s aspect ratio', async () => {
    const { graph } = await layoutGraph(chain(30), { aspectRatio: 1.6 });
    const columns = new Set(graph.nodes.map((n) => n.position.x)).size;
    expect(columns).toBeGreaterThan(2);
    const height = Math.max(...graph.nodes.map((n) => n.position.y));
    // 30 layers in one column would be 30 × (64 + 44) ≈ 3,200 px tall.
    expect(height).toBeLessThan(1600);
  });

  it('returns an empty graph as it is', async () => {
    const empty: Graph = { nodes: [], edges: [] };
    expect((await layoutGraph(empty)).graph).toBe(empty);
  });
});

describe('layerCount', () => {
  it('counts the nodes on the longest path', () => {
    expect(layerCount(chain(5))).toBe(5);
    // A diamond a → (b, c) → d, plus a shortcut a → d: still 3 layers.
    const diamond: Graph = { nodes: ['a', 'b', 'c', 'd'].map(node), edges: [edge('a', 'b'), edge('a', 'c'), edge('b', 'd', 0), edge('c', 'd', 1), edge('a', 'd', 2)] };
    expect(layerCount(diamond)).toBe(3);
    expect(layerCount({ nodes: [], edges: [] })).toBe(0);
  });
});

describe('layoutGraph with frames and wrapping', () => {
  it('keeps the network\'s input on the top row', async () => {
    // Twelve blocks of four nodes with a skip wire around each, every block in a frame: wrapped
    // by elkjs this shape can start half-way down; the layout must notice and fall back.
    const nodes: GraphNode[] = [node('input')];
    const edges: GraphEdge[] = [];
    const groups: { id: string; members: string[] }[] = [];
    let prev = 'input';
    for (let b = 0; b < 12; b++) {
      const ids = [0, 1, 2, 3].map((i) => `b${b}/n${i}`);
      ids.forEach((id) => nodes.push(node(id)));
      edges.push(edge(prev, ids[0]!), edge(ids[0]!, ids[1]!), edge(ids[1]!, ids[2]!), edge(ids[2]!, ids[3]!, 0), edge(prev, ids[3]!, 1));
      groups.push({ id: `b${b}`, members: ids });
      prev = ids[3]!;
    }
    const { graph } = await layoutGraph({ nodes, edges }, { groups, aspectRatio: 1.6 });
    const top = Math.min(...graph.nodes.map((n) => n.position.y));
    expect(pos(graph, 'input').y).toBeLessThanOrEqual(top + 81);
  });
});
