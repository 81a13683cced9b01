/**
 * Reading a graph file: `parseGraphFile` takes text, bytes or a parsed value and returns either a
 * graph or every error found, each on a JSON path, saying what is wrong and what to do. It never
 * throws, whatever it is given: truncated JSON, random bytes, a million nodes, a hostile object.
 *
 * The order of the checks: bytes and JSON text (json-text.ts), then the tag and the version alone
 * (they decide how to read the rest), migrations of older versions (migrations.ts), then the
 * fields, `blocks` (check-blocks.ts), `nodes` (check-nodes.ts) and `edges` (check-edges.ts).
 *
 * Why hand-written checks rather than a schema library such as zod: nearly every message depends
 * on more than the value at its path (the node's id and block type, the ids seen so far, the
 * target's ports, the blocks the file defines), errors are capped and ordered node by node, later
 * checks are skipped where an earlier failure would make them cascade, and unknown fields are
 * warnings, not errors. A schema library would carry
 * only the type checks and leave the rest in refinements, with the messages rebuilt from its issue
 * objects: longer, and no clearer (and, measured on ResNet-152 opened, a zod pass over the types
 * alone takes as long as all of today's checks). The JSON Schema for editors
 * (docs/graph-format.schema.json) is generated from the block registry instead (schema.ts).
 */
import { customBlockSpec } from '../custom';
import type { Graph, GraphMeta } from '../types';
import { describedValue } from '../../text/describe';
import { graphError, type GraphErrorCode, type ErrorValues } from '../graph-errors';
import { checkBlocks } from './check-blocks';
import { checkEdges } from './check-edges';
import { has, isRecord, optionalString, unknownKeys } from './check-fields';
import { checkNodes } from './check-nodes';
import { FIELDS, GRAPH_FORMAT, GRAPH_FORMAT_VERSION, GRAPH_LIMITS } from './constants';
import { Issues, ROOT, type ParseResult } from './issues';
import { decodeBytes, parseJsonText } from './json-text';
import { applyMigrations } from './migrations';

/** A file refused with one error. */
function refuse(path: string, code: GraphErrorCode, values: ErrorValues = {}): ParseResult {
  return { ok: false, errors: [{ path, ...graphError(code, values) }] };
}

/** Checks a parsed JSON value as a graph document (any version this build reads). */
function validateDocument(doc: unknown): ParseResult {
  const issues = new Issues();
  if (!isRecord(doc)) return refuse(ROOT, 'fileNotObject', { value: describedValue(doc) });
  // Format and version decide how to read everything else, so they are checked first and alone.
  if (!has(doc, 'format')) return refuse('format', 'fileNoFormat');
  if (doc.format !== GRAPH_FORMAT) return refuse('format', 'fileWrongFormat', { value: describedValue(doc.format), expected: GRAPH_FORMAT });
  const version = doc.version;
  if (version === undefined) return refuse('version', 'fileNoVersion', { version: GRAPH_FORMAT_VERSION });
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return refuse('version', 'fileBadVersion', { value: describedValue(version), version: GRAPH_FORMAT_VERSION });
  }
  if (version > GRAPH_FORMAT_VERSION) return refuse('version', 'fileNewerVersion', { version, latest: GRAPH_FORMAT_VERSION });
  let current: Record<string, unknown> = doc;
  if (version < GRAPH_FORMAT_VERSION) {
    const migrated = applyMigrations(doc, version);
    if (!migrated.ok) return { ok: false, errors: [migrated.issue] };
    current = migrated.doc;
  }

  unknownKeys(issues, current, FIELDS.root, ROOT, 'aGraphFile');
  const name = optionalString(issues, current, 'name', ROOT, GRAPH_LIMITS.maxNameLength);
  const description = optionalString(issues, current, 'description', ROOT, GRAPH_LIMITS.maxDescriptionLength);
  const preset = optionalString(issues, current, 'preset', ROOT, GRAPH_LIMITS.maxNameLength);
  const blocks = checkBlocks(issues, current.blocks);
  const custom = new Map(Object.values(blocks ?? {}).map((d) => [d.name, customBlockSpec(d)]));
  const checked = checkNodes(issues, current.nodes, { at: ROOT, custom });
  // With no usable node list, every edge would be reported as pointing nowhere: skip them.
  const edges = checked ? checkEdges(issues, current.edges, checked.byId) : undefined;
  if (issues.errors.length > 0 || !checked || !edges) {
    return { ok: false, errors: issues.finish() };
  }
  const meta: { name?: string; description?: string; preset?: string } = {};
  if (name !== undefined) meta.name = name;
  if (description !== undefined) meta.description = description;
  if (preset !== undefined) meta.preset = preset;
  const graph: Graph = { nodes: checked.nodes, edges, meta: meta as GraphMeta };
  return { ok: true, graph: blocks ? { ...graph, blocks } : graph, warnings: issues.warnings };
}

/**
 * Reads a graph file. `input` is the file's JSON text, its raw bytes (`Uint8Array`, `ArrayBuffer`),
 * or an already parsed JSON value. Returns the graph, or every error found (up to a cap), each with
 * the JSON path it concerns and what to do. Never throws, whatever it is given.
 *
 * The graph is structurally sound (known blocks, complete in-bounds params, edges between
 * existing nodes on existing ports, unique ids); run `analyse` for shapes and cycles.
 */
export function parseGraphFile(input: string | unknown): ParseResult {
  try {
    let value: unknown = input;
    if (typeof input === 'string' || input instanceof Uint8Array || input instanceof ArrayBuffer) {
      let text: string;
      if (typeof input === 'string') {
        text = input;
      } else {
        const decoded = decodeBytes(input instanceof ArrayBuffer ? new Uint8Array(input) : input);
        if (!decoded.ok) return { ok: false, errors: [decoded.issue] };
        text = decoded.text;
      }
      const parsed = parseJsonText(text);
      if (!parsed.ok) return { ok: false, errors: [parsed.issue] };
      value = parsed.value;
    }
    return validateDocument(value);
  } catch (e) {
    // Only reachable with exotic objects (throwing getters, proxies), never with JSON text.
    return refuse(ROOT, 'fileUnreadable', { reason: e instanceof Error ? e.message : String(e) });
  }
}

