/**
 * Copy and paste as pure functions. A clip holds the copied nodes, the wires between them and the
 * definitions of the graph's own block types they use, so a paste into another graph brings those
 * blocks along. Pasting gives every node a fresh id.
 */
import { adoptBlocks, blockTypesUsed, renameTypeRefs, type BlockRename } from './block-types';
import { specIn } from './custom';
import { connect, edgeId, freshNodeId } from './edits';
import { parseGraphFile } from './format';
import type { CustomBlockDef, Graph, GraphEdge, GraphNode, XY } from './types';

/** What Copy puts on the clipboard. */
export interface Clip {
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
  /** The definitions of the graph's block types the nodes use, by name. */
  readonly blocks?: Readonly<Record<string, CustomBlockDef>>;
}

/** How far a paste lands from where its nodes were copied (right and down). */
export const PASTE_OFFSET = 40;

/** The nodes `ids` of `graph`, the wires between them and the block types they use; undefined when none is there. */
export function copyNodes(graph: Graph, ids: Iterable<string>): Clip | undefined {
  const chosen = new Set(ids);
  const nodes = graph.nodes.filter((n) => chosen.has(n.id));
  if (nodes.length === 0) return undefined;
  const edges = graph.edges.filter((e) => chosen.has(e.source) && chosen.has(e.target));
  const defs = blockTypesUsed(graph, nodes);
  return defs.length ? { nodes, edges, blocks: Object.fromEntries(defs.map((d) => [d.name, d])) } : { nodes, edges };
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * A clip read back from storage (another tab may have written it, or an older version), or
 * undefined when it does not have a clip's shape. The nodes' shape only is checked: their types
 * and params meet analyse after the paste, as any edit does. Block definitions must pass the
 * graph file reader, since they become part of the graph (and of its autosave) as they are.
 */
export function readClip(raw: unknown): Clip | undefined {
  if (!isRecord(raw) || !Array.isArray(raw.nodes) || !Array.isArray(raw.edges) || raw.nodes.length === 0) return undefined;
  const nodeOk = (n: unknown) => isRecord(n) && typeof n.id === 'string' && typeof n.type === 'string' && isRecord(n.params)
    && isRecord(n.position) && typeof n.position.x === 'number' && typeof n.position.y === 'number';
  const edgeOk = (e: unknown) => isRecord(e) && typeof e.source === 'string' && typeof e.target === 'string' && typeof e.targetPort === 'number';
  if (!raw.nodes.every(nodeOk) || !raw.edges.every(edgeOk)) return undefined;
  const readable = (d: unknown): d is CustomBlockDef => isRecord(d) && typeof d.name === 'string'
    && parseGraphFile({ format: 'layerwise-graph', version: 1, nodes: [], edges: [], blocks: { [d.name]: d } }).ok;
  const blocks = isRecord(raw.blocks) ? Object.values(raw.blocks).filter(readable) : [];
  const clip: Clip = { nodes: raw.nodes as GraphNode[], edges: raw.edges as GraphEdge[] };
  return blocks.length ? { ...clip, blocks: Object.fromEntries(blocks.map((d) => [d.name, d])) } : clip;
}

/** What a paste did: the next graph, the new nodes' ids, and block types that came in under another name. */
export interface Pasted {
  readonly graph: Graph;
  readonly ids: string[];
  readonly renamed: BlockRename[];
}

/**
 * Pastes `clip` into `graph`: its block definitions first (adoptBlocks: a name clash with a
 * different block gives the incoming one the next free name, and its nodes follow), then its
 * nodes with fresh ids ("conv2d_3"), PASTE_OFFSET right and down from where they were, or with
 * their top-left corner at `at`; the wires between them come along. With `after`, the clip's
 * entry nodes (those taking inputs, fed by nothing inside it) are wired after that node.
 */
export function pasteClip(graph: Graph, clip: Clip, options: { at?: XY; after?: string } = {}): Pasted {
  const adopted = adoptBlocks(graph, Object.values(clip.blocks ?? {}));
  let g = adopted.graph;
  const minX = Math.min(...clip.nodes.map((n) => n.position.x));
  const minY = Math.min(...clip.nodes.map((n) => n.position.y));
  const dx = options.at ? options.at.x - minX : PASTE_OFFSET;
  const dy = options.at ? options.at.y - minY : PASTE_OFFSET;
  const rename = new Map<string, string>();
  const nodes: GraphNode[] = [];
  for (const original of clip.nodes) {
    const n = renameTypeRefs(g, original, adopted.names);
    const id = freshNodeId(g, n.type);
    rename.set(original.id, id);
    const node: GraphNode = { id, type: n.type, params: n.params, position: { x: Math.round(n.position.x + dx), y: Math.round(n.position.y + dy) }, ...(n.label ? { label: n.label } : {}) };
    nodes.push(node);
    g = { ...g, nodes: [...g.nodes, node] };
  }
  const edges: GraphEdge[] = clip.edges.filter((e) => rename.has(e.source) && rename.has(e.target)).map((e) => {
    const source = rename.get(e.source)!;
    const target = rename.get(e.target)!;
    return { id: edgeId(source, target, e.targetPort), source, target, targetPort: e.targetPort };
  });
  g = { ...g, edges: [...g.edges, ...edges] };
  const after = options.after;
  if (after !== undefined) {
    const fed = new Set(edges.map((e) => e.target));
    for (const n of nodes) {
      const spec = specIn(g, n.type);
      if (spec && spec.ports.min > 0 && !fed.has(n.id)) g = connect(g, after, n.id);
    }
  }
  return { graph: g, ids: nodes.map((n) => n.id), renamed: adopted.renamed };
}
