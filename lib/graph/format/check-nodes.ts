/**
 * The node list of a graph or of one of its blocks: each node's id, type, params and position.
 * Params are checked against the block's schema by `resolveParams` (the same checks the editor's
 * inspector and analyse use), with the node's name and what to write added to each message.
 */
import { BLOCK_TYPES, getBlock } from '../../blocks';
import { resolveParams } from '../../blocks/params';
import type { BlockContext, BlockSpec } from '../../blocks/spec';
import { describedValue, quotedList } from '../../text/describe';
import { blockValue, countValue, graphError, listValue, nestedValue, type ErrorValue } from '../graph-errors';
import { closeNames } from '../../text/suggest';
import type { GraphNode, ParamRecord, ParamValue } from '../types';
import { has, isRecord, optionalString, unknownKeys } from './check-fields';
import { FIELDS, GRAPH_LIMITS, NODE_ID_PATTERN } from './constants';
import { keyPath, ROOT, type Issues } from './issues';

/**
 * Copies an object-valued param (Repeat's inner params) into fresh plain data, checking it is the
 * kind of value a graph holds: numbers, text, true/false or nested objects; no lists, no null.
 * The copy also cuts any link to a caller's (possibly cyclic or exotic) object.
 */
function copyParamValue(issues: Issues, v: unknown, path: string, depth: number): ParamValue | undefined {
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') {
    if (Number.isFinite(v)) return v;
    issues.error(path, graphError('paramNotUsable', { value: describedValue(v) }));
    return undefined;
  }
  if (!isRecord(v)) {
    issues.error(path, graphError('paramNotPlain', { value: describedValue(v) }));
    return undefined;
  }
  if (depth >= GRAPH_LIMITS.maxParamDepth) {
    issues.error(path, graphError('paramsTooDeep', { depth: GRAPH_LIMITS.maxParamDepth }));
    return undefined;
  }
  const out: Record<string, ParamValue> = {};
  let ok = true;
  for (const key of Object.keys(v)) {
    if (key === '__proto__') { issues.error(keyPath(path, key), graphError('paramProto')); ok = false; continue; }
    const c = copyParamValue(issues, v[key], keyPath(path, key), depth + 1);
    if (c === undefined) ok = false;
    else out[key] = c;
  }
  return ok ? out : undefined;
}

/** Facts about a block's param schema, worked out once per block type (files repeat types a lot). */
interface SchemaFacts {
  readonly keys: readonly string[];
  /** Keys of object-valued params (Repeat's inner params), which are copied deeply. */
  readonly nested: readonly string[];
}
const schemaFacts = new WeakMap<BlockSpec<ParamRecord>, SchemaFacts>();

function factsOf(spec: BlockSpec<ParamRecord>): SchemaFacts {
  let f = schemaFacts.get(spec);
  if (!f) {
    const keys = Object.keys(spec.params);
    f = { keys, nested: keys.filter((k) => spec.params[k]!.kind === 'params') };
    schemaFacts.set(spec, f);
  }
  return f;
}

/**
 * A node's params: every key of its block present (files are explicit), values checked by
 * resolveParams; the messages name the node and, for a number in quotes, say how to write it.
 */
function checkParams(issues: Issues, spec: BlockSpec<ParamRecord>, raw: unknown, base: string, nodeId: string, blocks: BlockContext): ParamRecord | undefined {
  // Paths are built only when there is something to report: this runs for every node of a file.
  const path = `${base}.params`;
  const block = blockValue(spec.type, spec.name);
  if (raw === undefined) {
    const keys = Object.keys(spec.params);
    issues.error(path, graphError('nodeNoParams', { id: nodeId, block, keys: keys.length ? listValue(keys, 'comma') : { word: 'none' } }));
    return undefined;
  }
  if (!isRecord(raw)) {
    issues.error(path, graphError('nodeParamsNotObject', { value: describedValue(raw) }));
    return undefined;
  }
  let ok = true;
  const facts = factsOf(spec);
  // Files are explicit: every param is written out, so a file keeps its meaning if a default changes.
  for (const key of facts.keys) {
    if (!has(raw, key)) {
      ok = false;
      const ps = spec.params[key]!;
      issues.error(keyPath(path, key), graphError('nodeParamMissing', { block, id: nodeId, key, param: { param: key, of: spec.type, label: ps.label }, default: JSON.stringify(ps.default) }));
    }
  }
  // Object-valued params are copied (and checked to be plain data) so the graph owns them.
  const copied: Record<string, ParamValue | undefined> = {};
  for (const key of facts.nested) {
    if (!has(raw, key)) continue;
    const c = copyParamValue(issues, raw[key], keyPath(path, key), 0);
    if (c === undefined) ok = false;
    copied[key] = c;
  }
  const resolved = resolveParams(spec, raw, blocks);
  if (!resolved.ok) {
    for (const e of resolved.errors) {
      const detail = nestedValue(e);
      if (!e.key) { issues.error(path, graphError('nodeParam', { block, id: nodeId, detail })); continue; }
      const ps = has(spec.params as Record<string, unknown>, e.key) ? spec.params[e.key] : undefined;
      if (!ps) {
        const near = closeNames(e.key, Object.keys(spec.params), 1);
        issues.error(keyPath(path, e.key), near.length ? graphError('nodeParamUnknownNear', { detail, near: near[0]! }) : graphError('nodeParamUnknown', { detail }));
      } else if (has(raw, e.key)) {
        const v = raw[e.key];
        // A number written in quotes is the most common slip in hand-written files.
        const unquote = (ps.kind === 'int' || ps.kind === 'float') && typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v));
        issues.error(keyPath(path, e.key), unquote
          ? graphError('nodeParamUnquote', { block, id: nodeId, detail, key: e.key, number: String(Number(v)) })
          : graphError('nodeParam', { block, id: nodeId, detail }));
      }
    }
    return undefined;
  }
  if (!ok) return undefined;
  // resolveParams returns a fresh object in schema order; put the copied nested params in it.
  if (facts.nested.length === 0) return resolved.params;
  const out: Record<string, ParamValue> = { ...resolved.params };
  for (const key of facts.nested) if (copied[key] !== undefined) out[key] = copied[key]!;
  return out;
}

/** A node's canvas position: two finite numbers. */
function checkPosition(issues: Issues, raw: unknown, base: string): { x: number; y: number } | undefined {
  const path = `${base}.position`;
  if (raw === undefined) {
    issues.error(path, graphError('nodeNoPosition'));
    return undefined;
  }
  if (!isRecord(raw)) {
    issues.error(path, graphError('nodePositionNotObject', { value: describedValue(raw) }));
    return undefined;
  }
  const { x, y } = raw;
  const xOk = typeof x === 'number' && Number.isFinite(x);
  const yOk = typeof y === 'number' && Number.isFinite(y);
  if (!xOk) issues.error(`${path}.x`, graphError('nodeCoordinate', { axis: 'x', value: describedValue(x) }));
  if (!yOk) issues.error(`${path}.y`, graphError('nodeCoordinate', { axis: 'y', value: describedValue(y) }));
  return xOk && yOk ? { x: x as number, y: y as number } : undefined;
}

/** A node id that tfjs accepts as a layer name; returned even when wrong, so edges to it still resolve. */
function checkNodeId(issues: Issues, raw: unknown, path: string): string | undefined {
  if (raw === undefined) {
    issues.error(path, graphError('nodeNoId'));
    return undefined;
  }
  if (typeof raw !== 'string') {
    issues.error(path, graphError('nodeIdNotText', { value: describedValue(raw) }));
    return undefined;
  }
  if (raw.length === 0) { issues.error(path, graphError('nodeIdEmpty')); return undefined; }
  if (raw.length > GRAPH_LIMITS.maxIdLength) {
    issues.error(path, graphError('nodeIdTooLong', { length: raw.length, max: GRAPH_LIMITS.maxIdLength }));
    return raw;
  }
  if (!NODE_ID_PATTERN.test(raw)) {
    const bad = [...new Set([...raw].filter((c) => !/[-A-Za-z0-9._/]/.test(c)))];
    const value = describedValue(raw);
    issues.error(path, bad.length
      ? graphError('nodeIdChars', { value, chars: listValue(bad.slice(0, 5).map((c): ErrorValue => (c === ' ' ? { word: 'aSpace' } : JSON.stringify(c))), 'comma') })
      : graphError('nodeIdStart', { value }));
  }
  return raw; // still registered, so edges to it are not reported twice
}

/** What edges need to know of a node read from the list: where it is, and its block (if known). */
export interface NodeEntry {
  readonly index: number;
  readonly spec: BlockSpec<ParamRecord> | undefined;
}

/**
 * The graph's own block types while reading: `custom` maps the names of the top level's blocks to
 * their specs; `at` is where the node list sits (`$` for the graph, `blocks.Name` for a block),
 * and `inside` lists the block names when reading a block's inner nodes (which may not use them).
 */
export interface NodeContext {
  readonly at: string;
  readonly custom?: ReadonlyMap<string, BlockSpec<ParamRecord>>;
  readonly inside?: readonly string[];
}

/**
 * Checks a node list. Returns the nodes (all of them, or none when any is wrong, so that a graph
 * is never half-read) and every id seen with its entry, so that edges to a node with a wrong
 * param are not also reported as pointing nowhere. Undefined when there is no usable list.
 */
export function checkNodes(issues: Issues, raw: unknown, ctx: NodeContext = { at: ROOT }): { nodes: GraphNode[]; byId: Map<string, NodeEntry> } | undefined {
  const listPath = keyPath(ctx.at, 'nodes');
  if (raw === undefined) {
    issues.error(listPath, graphError('noNodes', { owner: { word: ctx.at === ROOT ? 'theFile' : 'theBlock' } }));
    return undefined;
  }
  if (!Array.isArray(raw)) {
    issues.error(listPath, graphError('nodesNotList', { value: describedValue(raw) }));
    return undefined;
  }
  if (raw.length > GRAPH_LIMITS.maxNodes) {
    issues.error(listPath, graphError('tooManyNodes', { count: countValue(raw.length), max: countValue(GRAPH_LIMITS.maxNodes) }));
    return undefined;
  }
  const nodes: GraphNode[] = [];
  const byId = new Map<string, NodeEntry>();
  // Blocks that name other blocks (Repeat) are checked against the registry and the file's own.
  const blocks: BlockContext = { lookup: (type) => getBlock(type) ?? ctx.custom?.get(type) };
  let allOk = true;
  for (let i = 0; i < raw.length; i++) {
    const base = `${listPath}[${i}]`;
    const n: unknown = raw[i];
    if (!isRecord(n)) {
      issues.error(base, graphError('nodeNotObject', { value: describedValue(n) }));
      allOk = false;
      continue;
    }
    unknownKeys(issues, n, FIELDS.node, base, 'aNode');
    const id = checkNodeId(issues, n.id, `${base}.id`);
    const shownId = id ?? `#${i}`;
    if (id !== undefined) {
      const prev = byId.get(id);
      if (prev) {
        issues.error(`${base}.id`, graphError('nodeIdTaken', { id, index: prev.index }));
        allOk = false;
      }
    }
    let spec: BlockSpec<ParamRecord> | undefined;
    const typePath = `${base}.type`;
    if (n.type === undefined) {
      issues.error(typePath, graphError('nodeNoType', { id: shownId }));
    } else if (typeof n.type !== 'string') {
      issues.error(typePath, graphError('nodeTypeNotText', { value: describedValue(n.type) }));
    } else {
      spec = getBlock(n.type) ?? ctx.custom?.get(n.type);
      if (!spec && ctx.inside?.includes(n.type)) {
        issues.error(typePath, graphError('nodeOwnBlockInside', { id: shownId, type: n.type }));
      } else if (!spec) {
        const near = closeNames(n.type, BLOCK_TYPES);
        const value = describedValue(n.type);
        issues.error(typePath, near.length
          ? graphError('nodeUnknownTypeNear', { value, near: quotedList(near) })
          : graphError('nodeUnknownType', { value, types: listValue(BLOCK_TYPES, 'comma') }));
      }
    }
    const params = spec ? checkParams(issues, spec, n.params, base, shownId, blocks) : undefined;
    const position = checkPosition(issues, n.position, base);
    const label = optionalString(issues, n, 'label', base, GRAPH_LIMITS.maxLabelLength);
    if (id !== undefined && !byId.has(id)) byId.set(id, { index: i, spec });
    if (id === undefined || !spec || !params || !position || (has(n, 'label') && n.label !== undefined && label === undefined)) {
      allOk = false;
      continue;
    }
    nodes.push(label !== undefined ? { id, type: spec.type, label, params, position } : { id, type: spec.type, params, position });
  }
  return allOk ? { nodes, byId } : { nodes: [], byId };
}

