/**
 * Custom blocks: block types a graph defines for itself (`graph.blocks`), made by grouping nodes.
 * Each definition becomes a composite spec with no params whose expansion is the definition, so
 * analyse, expandGraph and compile treat it like any built-in composite.
 */
import { getBlock } from '../blocks';
import type { BlockSpec, CompositeSpec } from '../blocks/spec';
import type { CustomBlockDef, Graph, ParamRecord } from './types';

/** What a custom block may be called: a letter first, then letters, digits, spaces, `_` or `-`. */
export const BLOCK_NAME = /^[A-Za-z][A-Za-z0-9 _-]{0,39}$/;

const specs = new WeakMap<CustomBlockDef, CompositeSpec<ParamRecord>>();
const keys = new WeakMap<BlockSpec<ParamRecord>, string>();

/** The composite spec of a custom block definition (one object per definition object). */
export function customBlockSpec(def: CustomBlockDef): CompositeSpec<ParamRecord> {
  const hit = specs.get(def);
  if (hit) return hit;
  const n = def.inputs.length;
  const layers = def.nodes.length;
  const spec: CompositeSpec<ParamRecord> = {
    kind: 'composite',
    type: def.name,
    name: def.name,
    category: 'block',
    params: {},
    ports: { min: n, max: n, ordered: true },
    teach: {
      summary: def.description ?? `Your block "${def.name}": ${layers} layer${layers === 1 ? '' : 's'} grouped into one reusable block. Double-click a copy to see inside.`,
      origin: 'Made in this graph with Group (Ctrl+G)',
      formula: 'The sum of its layers\' parameters',
    },
    describe: () => def.name,
    // Inner nodes are plain data; the caller only reads them.
    expand: () => ({ nodes: def.nodes, edges: def.edges, inputs: def.inputs, output: def.output }),
  };
  specs.set(def, spec);
  // The memo key of analyse must change whenever the definition does.
  keys.set(spec, JSON.stringify(def));
  return spec;
}

/** For a custom block's spec, a text that identifies its definition (analyse's memo key). */
export function customSpecKey(spec: BlockSpec<ParamRecord>): string | undefined {
  return keys.get(spec);
}

/**
 * The spec for a node type in this graph: a registry block, or one of the graph's own blocks.
 * Registry names win (format validation refuses custom blocks named like them).
 */
export function specIn(graph: Pick<Graph, 'blocks'> | undefined, type: string): BlockSpec<ParamRecord> | undefined {
  const builtin = getBlock(type);
  if (builtin) return builtin;
  const def = graph?.blocks && Object.prototype.hasOwnProperty.call(graph.blocks, type) ? graph.blocks[type] : undefined;
  return def ? customBlockSpec(def) : undefined;
}
