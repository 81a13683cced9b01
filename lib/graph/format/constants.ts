/**
 * The constants of the format, shared by the reader, the writer and the JSON Schema: the tag and the
 * version this build writes, the size limits, the node id rule and the fields each object may have.
 */

export const GRAPH_FORMAT = 'layerwise-graph';
/** The version this build writes, and the newest it reads (older ones are upgraded by migrations.ts). */
export const GRAPH_FORMAT_VERSION = 1;

/**
 * Limits that keep loading fast and bounded. ResNet-152 fully expanded has about 520 nodes, so
 * 20,000 is far above any real network, and a file with a million nodes is refused at once
 * instead of freezing the editor.
 */
export const GRAPH_LIMITS = {
  /** Characters of JSON text (about bytes for ASCII files). A 20,000-node file is about 4 MB. */
  maxFileChars: 16 * 1024 * 1024,
  maxNodes: 20_000,
  maxEdges: 100_000,
  maxIdLength: 200,
  maxLabelLength: 200,
  maxNameLength: 200,
  maxDescriptionLength: 20_000,
  /** Nesting of object-valued params (Repeat holds a block's params: depth 2 is plenty). */
  maxParamDepth: 8,
  /** Errors reported before the rest are summarised in one line. */
  maxErrors: 100,
} as const;

/** Node ids become tfjs layer and tensor names, so they follow tfjs' rule (`isValidTensorName`). */
export const NODE_ID_PATTERN = /^[A-Za-z0-9][-A-Za-z0-9._/]*$/;

/** The fields each object of the file may have; others are ignored with a warning. */
export const FIELDS = {
  /** `$schema` lets an editor find docs/graph-format.schema.json; the reader does not keep it. */
  root: ['$schema', 'format', 'version', 'name', 'description', 'preset', 'nodes', 'edges', 'blocks'],
  block: ['name', 'description', 'inputs', 'output', 'nodes', 'edges'],
  node: ['id', 'type', 'label', 'params', 'position'],
  edge: ['id', 'source', 'target', 'targetPort'],
} as const satisfies Record<string, readonly string[]>;
