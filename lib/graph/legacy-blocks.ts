/**
 * Old saves of reusable blocks, brought into `graph.blocks`. Before a graph could define its own
 * block types, the editor kept two other things: named frames around some nodes of a graph
 * ("user groups", in the autosave) and "My blocks" (copies of such groups kept in the browser,
 * pasted back inside a new frame). Each becomes a block definition of the graph, listed in the
 * palette like any block made with Group; the graph's nodes, wires and params stay as they are.
 */
import { adoptBlocks, blockNameFrom, definitionFrom, type BlockRename } from './block-types';
import { parseGraphFile } from './format';
import type { Graph, GraphEdge, GraphNode } from './types';

/** A named frame the user drew around some nodes of the graph (autosave `groups`, kind "user"). */
export interface LegacyGroup {
  readonly name: string;
  readonly members: readonly string[];
}

/** An entry of "My blocks" (browser storage `layerwise.library.v1`): a named copy of some nodes. */
export interface LegacySnippet {
  readonly name: string;
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
}

/** What the conversion did, to tell the user: old names and the blocks they became, and what could not. */
export interface LegacyConversion {
  readonly graph: Graph;
  /** One entry per block made or matched, in order: the old name and the block's name. */
  readonly blocks: readonly BlockRename[];
  readonly skipped: readonly { readonly name: string; readonly reason: string }[];
}

const CHECK_NAME = 'Old block';

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** The entries of an old "My blocks" list that have a snippet's shape (name, nodes, edges). */
export function readLegacySnippets(raw: unknown): LegacySnippet[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter((s): s is LegacySnippet => isRecord(s) && typeof s.name === 'string' && Array.isArray(s.nodes) && Array.isArray(s.edges));
}

/** The user groups among an old autosave's `groups` (the opened-block frames are not these). */
export function readLegacyGroups(raw: unknown): LegacyGroup[] {
  if (!isRecord(raw)) return [];
  return Object.values(raw).filter((g): g is LegacyGroup & { kind: 'user' } => isRecord(g) && g.kind === 'user' && typeof g.name === 'string'
    && Array.isArray(g.members) && g.members.every((m) => typeof m === 'string'));
}

/**
 * Adds a block definition to `graph` for each old group (its members, wired as they are in the
 * graph) and each old snippet (its nodes, fed from outside where nothing inside feeds them).
 * Names become valid block names ("Stem (v2)" → "Stem v2"); a definition equal to a block of that
 * name already there is that block (a group and the snippet saved from it make one block); a
 * different one gets the next free name. One that cannot be a block, or that the graph file
 * format would refuse, is skipped with the reason (a group's nodes stay in the graph regardless).
 */
export function convertLegacyBlocks(graph: Graph, groups: readonly LegacyGroup[], snippets: readonly LegacySnippet[]): LegacyConversion {
  let g = graph;
  const blocks: BlockRename[] = [];
  const skipped: { name: string; reason: string }[] = [];
  const items: { name: string; from: Graph; members: readonly string[] }[] = [
    ...groups.map((x) => ({ name: x.name, from: graph, members: x.members })),
    ...snippets.map((s) => ({ name: s.name, from: { nodes: s.nodes, edges: s.edges }, members: s.nodes.map((n) => n.id) })),
  ];
  for (const item of items) {
    const made = definitionFrom(item.from, item.members, CHECK_NAME);
    if ('error' in made) { skipped.push({ name: item.name, reason: made.error }); continue; }
    // Checked by the file reader under a placeholder name (the name is adoptBlocks' business),
    // so that the autosave holding it is never refused on the next load.
    const checked = parseGraphFile({ format: 'layerwise-graph', version: 1, nodes: [], edges: [], blocks: { [CHECK_NAME]: made.def } });
    if (!checked.ok) { skipped.push({ name: item.name, reason: checked.errors[0]!.message }); continue; }
    const def = { ...(checked.graph.blocks?.[CHECK_NAME] ?? made.def), name: blockNameFrom(item.name) };
    const adopted = adoptBlocks(g, [def]);
    g = adopted.graph;
    const to = adopted.names.get(def.name)!;
    if (!blocks.some((b) => b.from === item.name && b.to === to)) blocks.push({ from: item.name, to });
  }
  return { graph: g, blocks, skipped };
}
