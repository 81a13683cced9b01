/**
 * The edge list: each edge's ends name nodes that exist, its port is an input the target has, each
 * input takes one edge, and ids are unique (made as `source->target:port` when left out).
 */
import { describeValue, quoteList } from '../../text/describe';
import { closeNames } from '../../text/suggest';
import type { GraphEdge } from '../types';
import { has, isRecord, unknownKeys } from './check-fields';
import type { NodeEntry } from './check-nodes';
import { FIELDS, GRAPH_LIMITS } from './constants';
import { keyPath, ROOT, type Issues } from './issues';

/** The source or target of an edge: an existing node's id, or undefined after reporting why not. */
function edgeEnd(issues: Issues, e: Record<string, unknown>, key: 'source' | 'target', base: string, byId: Map<string, NodeEntry>): string | undefined {
  const v = e[key];
  if (typeof v === 'string' && byId.has(v)) return v;
  const path = `${base}.${key}`;
  if (typeof v !== 'string') {
    issues.error(path, v === undefined
      ? `The edge has no "${key}"; set it to the id of the node it ${key === 'source' ? 'comes from' : 'goes to'}`
      : `"${key}" must be a node id (text), not ${describeValue(v)}`);
    return undefined;
  }
  const near = closeNames(v, [...byId.keys()], 2);
  issues.error(path, `No node has the id ${describeValue(v)}${near.length ? ` (did you mean ${quoteList(near)}?)` : ''}; point the edge at an existing node or delete it`);
  return undefined;
}

/** Checks an edge list against the nodes read; undefined when any edge is wrong. */
export function checkEdges(issues: Issues, raw: unknown, byId: Map<string, NodeEntry>, at: string = ROOT): GraphEdge[] | undefined {
  const listPath = keyPath(at, 'edges');
  if (raw === undefined) {
    issues.error(listPath, `${at === ROOT ? 'The file' : 'The block'} has no "edges"; add "edges": [ ... ] (an empty list [] if nothing is connected yet)`);
    return undefined;
  }
  if (!Array.isArray(raw)) {
    issues.error(listPath, `"edges" must be a list [ ... ] of connections, not ${describeValue(raw)}`);
    return undefined;
  }
  if (raw.length > GRAPH_LIMITS.maxEdges) {
    issues.error(listPath, `The graph has ${raw.length.toLocaleString('en-US')} edges; Layerwise handles at most ${GRAPH_LIMITS.maxEdges.toLocaleString('en-US')}`);
    return undefined;
  }
  const edges: GraphEdge[] = [];
  const edgeIds = new Map<string, number>();
  // "target\0port" -> where the edge feeding it sits in `edges` and in the file.
  const fed = new Map<string, { at: number; index: number }>();
  let allOk = true;
  for (let j = 0; j < raw.length; j++) {
    const base = `${listPath}[${j}]`;
    const e: unknown = raw[j];
    if (!isRecord(e)) {
      issues.error(base, `Each edge must be an object {"source", "target", "targetPort"}, not ${describeValue(e)}`);
      allOk = false;
      continue;
    }
    unknownKeys(issues, e, FIELDS.edge, base, 'An edge');
    const source = edgeEnd(issues, e, 'source', base, byId);
    const target = edgeEnd(issues, e, 'target', base, byId);
    let ok = source !== undefined && target !== undefined;
    let port: number | undefined;
    const portPath = `${base}.targetPort`;
    const rawPort = e.targetPort;
    if (rawPort === undefined) {
      issues.error(portPath, 'The edge has no "targetPort"; set it to the input it feeds: 0 for the first (Concat keeps inputs in port order)');
      ok = false;
    } else if (typeof rawPort !== 'number' || !Number.isInteger(rawPort) || rawPort < 0) {
      issues.error(portPath, `"targetPort" must be a whole number 0 or more (0 is the first input), not ${describeValue(rawPort)}`);
      ok = false;
    } else {
      port = rawPort;
      const spec = target !== undefined ? byId.get(target)!.spec : undefined;
      if (spec && port >= spec.ports.max) {
        issues.error(portPath, spec.ports.max === 0
          ? `${spec.name} '${target}' takes no input, so no edge can end there; delete this edge or point it at another node`
          : `${spec.name} '${target}' has ${spec.ports.max === 1 ? 'one input, port 0' : `inputs 0 to ${spec.ports.max - 1}`}; this edge goes to port ${port}: use a free port in that range`);
        ok = false;
      }
    }
    let id: string | undefined;
    if (has(e, 'id') && e.id !== undefined) {
      if (typeof e.id !== 'string' || e.id.length === 0 || e.id.length > GRAPH_LIMITS.maxIdLength * 3) {
        issues.error(`${base}.id`, `"id" of an edge must be non-empty text of at most ${GRAPH_LIMITS.maxIdLength * 3} characters, not ${describeValue(e.id)}; or leave it out and one is made`);
        ok = false;
      } else {
        id = e.id;
      }
    } else if (source !== undefined && target !== undefined && port !== undefined) {
      id = `${source}->${target}:${port}`;
    }
    if (!ok || source === undefined || target === undefined || port === undefined || id === undefined) { allOk = false; continue; }
    const slot = `${target}\u0000${port}`;
    const prevFeed = fed.get(slot);
    if (prevFeed !== undefined) {
      const prev = edges[prevFeed.at]!;
      issues.error(base, prev.source === source
        ? `This edge repeats edges[${prevFeed.index}] (${source} → ${target}, port ${port}); delete one of them`
        : `Input ${port} of '${target}' is already fed by edges[${prevFeed.index}] from '${prev.source}'; an input takes one edge, so use another port, or merge the branches with Add or Concat`);
      allOk = false;
      continue;
    }
    const prevId = edgeIds.get(id);
    if (prevId !== undefined) {
      issues.error(`${base}.id`, `The edge id '${id}' is already used by edges[${prevId}]; give each edge its own id, or leave ids out`);
      allOk = false;
      continue;
    }
    edgeIds.set(id, j);
    fed.set(slot, { at: edges.length, index: j });
    edges.push({ id, source, target, targetPort: port });
  }
  return allOk ? edges : undefined;
}
