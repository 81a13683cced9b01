/**
 * The file format as a JSON Schema (draft-07), generated from the block registry so that it never
 * drifts from it: each block's params with their types, bounds, choices, defaults and help text,
 * chosen by the node's "type" (if/then); the graph's own blocks; nodes and edges. `npm run schema`
 * writes it to docs/graph-format.schema.json, and a unit test fails when that file is out of date.
 *
 * It is for editors (completion, hover help, red squiggles as a file is typed) and other tools.
 * The reader stays the judge: the schema cannot follow references inside the file (an edge to a
 * node that exists, unique ids, the ports a target has, a type named under "blocks"), nor the
 * checks across params that blocks make in code (Conv2D's stride with dilation).
 */
import { BLOCK_TYPES, getBlock } from '../../blocks';
import { defaultParams } from '../../blocks/params';
import type { BlockSpec, ParamSpec } from '../../blocks/spec';
import { BLOCK_NAME } from '../custom';
import type { ParamRecord } from '../types';
import { GRAPH_FORMAT, GRAPH_FORMAT_VERSION, GRAPH_LIMITS, NODE_ID_PATTERN } from './constants';

/** A JSON Schema: plain JSON data. */
export type JsonSchema = { readonly [keyword: string]: unknown };

const DEFS = '#/definitions/';
/** The definition that holds a block type's params, e.g. `Conv2D.params`. */
const paramsDef = (type: string): string => `${type}.params`;
const ref = (name: string): JsonSchema => ({ $ref: `${DEFS}${name}` });

/** One param: its JSON type and bounds or choices, its label as title, its help as description. */
function paramSchema(ps: ParamSpec): JsonSchema {
  const about = { title: ps.label, description: ps.help };
  switch (ps.kind) {
    case 'int':
      return { ...about, type: 'integer', minimum: ps.min, maximum: ps.max, default: ps.default };
    case 'float':
      return { ...about, type: 'number', minimum: ps.min, maximum: ps.max, default: ps.default };
    case 'enum':
      return { ...about, type: 'string', enum: [...ps.options], default: ps.default };
    case 'bool':
      return { ...about, type: 'boolean', default: ps.default };
    case 'block':
      return { ...about, type: 'string', default: ps.default };
    case 'params':
      return { ...about, type: 'object', default: ps.default };
    default:
      return exhaustive(ps);
  }
}

function exhaustive(x: never): never {
  throw new Error(`Unhandled param kind: ${JSON.stringify(x)}`);
}

/**
 * The block types a `block` param may name: those the block's own validation accepts with
 * default params (for Repeat: blocks with one input, not Repeat itself). Asking the block keeps
 * the schema in step with its rule instead of copying the rule here.
 */
function allowedBlockTypes(spec: BlockSpec<ParamRecord>, key: string): string[] {
  const base = defaultParams(spec);
  return BLOCK_TYPES.filter((type) => {
    const inner = getBlock(type)!;
    const withType: Record<string, unknown> = { ...base, [key]: type };
    for (const [k, ps] of Object.entries(spec.params)) if (ps.kind === 'params') withType[k] = defaultParams(inner);
    return spec.validate?.(withType as ParamRecord, { lookup: getBlock }) === undefined;
  });
}

/**
 * A block type's params, every key known and none other. `required` is added where the params of
 * a node are checked (a file writes every param), not here: a Repeat's inner params may be partial.
 */
function blockParamsSchema(spec: BlockSpec<ParamRecord>): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const allOf: JsonSchema[] = [];
  const entries = Object.entries(spec.params);
  const nested = entries.filter(([, ps]) => ps.kind === 'params').map(([k]) => k);
  for (const [key, ps] of entries) {
    if (ps.kind !== 'block') { properties[key] = paramSchema(ps); continue; }
    // A `block` param names a block type, and the `params` param holds that block's params.
    const allowed = allowedBlockTypes(spec, key);
    // Or one of the graph's own blocks (lib/graph/custom.ts names them; analyse checks it exists).
    const about = Object.fromEntries(Object.entries(paramSchema(ps)).filter(([k]) => k !== 'type'));
    properties[key] = { ...about, anyOf: [{ enum: allowed }, { type: 'string', pattern: BLOCK_NAME.source, not: { enum: [...BLOCK_TYPES] } }] };
    for (const type of allowed) {
      if (nested.length === 0) continue;
      const then = Object.fromEntries(nested.map((k) => [k, ref(paramsDef(type))]));
      allOf.push({ if: { properties: { [key]: { const: type } }, required: [key] }, then: { properties: then } });
    }
  }
  const schema: JsonSchema = {
    title: `${spec.name} params`,
    description: spec.teach.summary,
    type: 'object',
    properties,
    additionalProperties: false,
  };
  return allOf.length ? { ...schema, allOf } : schema;
}

/** Which params each node type holds: every param of its block, all written out. */
function paramsByType(): JsonSchema[] {
  return BLOCK_TYPES.map((type) => ({
    if: { properties: { type: { const: type } }, required: ['type'] },
    then: { properties: { params: { allOf: [ref(paramsDef(type)), { type: 'object', required: Object.keys(getBlock(type)!.params) }] } } },
  }));
}

const text = (maxLength: number, description: string): JsonSchema => ({ type: 'string', maxLength, description });

/** The schema of a whole graph file of the current version, built from the block registry. */
export function graphJsonSchema(): JsonSchema {
  const builtinType = ref('blockType');
  const blockName = BLOCK_NAME.source;
  const node: JsonSchema = {
    description: 'A block of the graph: its type, its params and where it sits on the canvas.',
    type: 'object',
    required: ['id', 'type', 'params', 'position'],
    properties: {
      id: {
        type: 'string', minLength: 1, maxLength: GRAPH_LIMITS.maxIdLength, pattern: NODE_ID_PATTERN.source,
        description: 'Unique in the file. Letters, digits, "_", "-", "." (and "/" only in ids of opened blocks), starting with a letter or digit: ids become TensorFlow.js layer names.',
      },
      type: { type: 'string', description: 'The block type, case-sensitive: one of the registry (Conv2D, Inception, …) or a block defined under "blocks".' },
      label: text(GRAPH_LIMITS.maxLabelLength, 'A display name ("C1"); the id stays the reference.'),
      params: { type: 'object', description: 'Every param of the block, by key; all are written out, so the file keeps its meaning if a default changes.' },
      position: ref('position'),
    },
    additionalProperties: false,
    allOf: paramsByType(),
  };
  const edge: JsonSchema = {
    description: 'A wire from the output of one node to one input of another.',
    type: 'object',
    required: ['source', 'target', 'targetPort'],
    properties: {
      id: { type: 'string', minLength: 1, maxLength: GRAPH_LIMITS.maxIdLength * 3, description: 'Unique among edges; made as "source->target:port" when left out.' },
      source: { type: 'string', description: 'The id of the node whose output the edge carries.' },
      target: { type: 'string', description: 'The id of the node it feeds.' },
      targetPort: { type: 'integer', minimum: 0, description: 'Which input of the target: 0 is the first. Concat joins its inputs in port order. Each input takes one edge.' },
    },
    additionalProperties: false,
  };
  const block: JsonSchema = {
    description: 'A block type of this graph (made with Group, Ctrl+G): layers inside, wired like a graph.',
    type: 'object',
    required: ['name', 'inputs', 'output', 'nodes', 'edges'],
    properties: {
      name: { type: 'string', pattern: blockName, description: 'The same as its key in "blocks".' },
      description: text(GRAPH_LIMITS.maxDescriptionLength, 'Shown as its teaching text.'),
      inputs: {
        type: 'array', minItems: 1,
        description: 'One entry per input of the block, in port order: the inner inputs that consume it.',
        items: { type: 'array', minItems: 1, items: ref('consumer') },
      },
      output: { type: 'string', description: 'The id of the inner node whose output is the block\'s output.' },
      nodes: { type: 'array', minItems: 1, maxItems: GRAPH_LIMITS.maxNodes, items: ref('blockNode'), description: 'Its layers, built-in block types only.' },
      edges: { type: 'array', maxItems: GRAPH_LIMITS.maxEdges, items: ref('edge') },
    },
    additionalProperties: false,
  };
  const definitions: Record<string, JsonSchema> = {
    blockType: { description: 'A block type of the registry (lib/blocks).', enum: [...BLOCK_TYPES] },
    node,
    graphNode: {
      allOf: [ref('node'), {
        type: 'object',
        properties: { type: { anyOf: [builtinType, { type: 'string', pattern: blockName }] } },
        // A block of the graph's own has no params.
        if: { properties: { type: builtinType } },
        else: { properties: { params: { type: 'object', maxProperties: 0 } } },
      }],
    },
    blockNode: { allOf: [ref('node'), { type: 'object', properties: { type: builtinType } }] },
    position: {
      description: 'Canvas position in pixels (the editor can lay the graph out again).',
      type: 'object',
      required: ['x', 'y'],
      properties: { x: { type: 'number' }, y: { type: 'number' } },
      additionalProperties: false,
    },
    edge,
    block,
    consumer: {
      type: 'object',
      required: ['node', 'port'],
      properties: {
        node: { type: 'string', description: 'The id of a node of the block.' },
        port: { type: 'integer', minimum: 0, description: 'Which of its inputs.' },
      },
      additionalProperties: false,
    },
  };
  for (const type of BLOCK_TYPES) definitions[paramsDef(type)] = blockParamsSchema(getBlock(type)!);

  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $comment: 'Generated from the block registry (lib/blocks) by `npm run schema`; do not edit by hand. The format is specified in docs/graph-format.md.',
    title: `Layerwise graph file, version ${GRAPH_FORMAT_VERSION}`,
    description: 'A network as Layerwise saves it: its blocks, their params, how they are wired and where they sit. Nothing computed (shapes, counts) is stored.',
    type: 'object',
    required: ['format', 'version', 'nodes', 'edges'],
    properties: {
      $schema: { type: 'string', description: 'The JSON Schema this file follows, for editors; Layerwise ignores it when reading and does not write it.' },
      format: { const: GRAPH_FORMAT, description: 'Says this is a Layerwise graph file.' },
      version: { const: GRAPH_FORMAT_VERSION, description: `The format version. Layerwise writes ${GRAPH_FORMAT_VERSION}; older files are upgraded when read.` },
      name: text(GRAPH_LIMITS.maxNameLength, 'The model\'s name.'),
      description: text(GRAPH_LIMITS.maxDescriptionLength, 'Free notes.'),
      preset: text(GRAPH_LIMITS.maxNameLength, 'The preset the graph was loaded from ("resnet50"), if any.'),
      nodes: { type: 'array', maxItems: GRAPH_LIMITS.maxNodes, items: ref('graphNode'), description: 'The blocks of the graph, in any order.' },
      edges: { type: 'array', maxItems: GRAPH_LIMITS.maxEdges, items: ref('edge'), description: 'The wires; [] when nothing is connected.' },
      blocks: {
        type: 'object',
        description: 'The graph\'s own block types, by name; nodes use the name as their "type".',
        propertyNames: { pattern: blockName, not: builtinType },
        additionalProperties: ref('block'),
      },
    },
    additionalProperties: false,
    // Without "blocks", every node type must be a built-in one (so "Conv2d" is caught).
    if: { not: { required: ['blocks'] } },
    then: { properties: { nodes: { type: 'array', items: { type: 'object', properties: { type: builtinType } } } } },
    definitions,
  };
}

/** The schema as the text of docs/graph-format.schema.json (what `npm run schema` writes). */
export function graphJsonSchemaText(): string {
  return `${JSON.stringify(graphJsonSchema(), null, 2)}\n`;
}
