/**
 * The graph file format: versioned JSON (`"format": "layerwise-graph", "version": 1`), specified in
 * docs/graph-format.md and published as a JSON Schema in docs/graph-format.schema.json. Import
 * everything from here (`lib/graph/format`); the files behind it:
 *
 *   read.ts           parseGraphFile: text, bytes or a value → a graph, or errors on JSON paths
 *   json-text.ts        bytes and JSON text, and locateJsonError (syntax errors in plain words)
 *   migrations.ts       older versions upgraded step by step (MIGRATIONS, applyMigrations)
 *   check-nodes.ts      nodes: ids, block types, params, positions
 *   check-edges.ts      edges: ends, ports, one edge per input, ids
 *   check-blocks.ts     the graph's own block types ("blocks")
 *   check-fields.ts     small checks the others share
 *   issues.ts           FormatIssue, JSON paths, the capped error list, analysisIssues
 *   constants.ts        tag, version, limits, the id rule, the fields of each object
 *   write.ts          serializeGraph: a graph → stable, readable text
 *
 * Structural checks live here (types, ids, known blocks and params, edges that point somewhere,
 * ports in range). Semantic checks (shapes, cycles, unconnected nodes) stay in `analyse`;
 * `analysisIssues` maps its errors onto the same JSON paths for tools that report both.
 */
export { GRAPH_FORMAT, GRAPH_FORMAT_VERSION, GRAPH_LIMITS } from './constants';
export { analysisIssues, type FormatIssue, type ParseResult } from './issues';
export { locateJsonError } from './json-text';
export { applyMigrations, MIGRATIONS, type Migration } from './migrations';
export { parseGraphFile } from './read';
export { graphJsonSchema, graphJsonSchemaText, type JsonSchema } from './schema';
export { serializeGraph } from './write';
