/**
 * The edge list: each edge's ends name nodes that exist, its port is an input the target has, each
 * input takes one edge, and ids are unique (made as `source->target:port` when left out).
 */
import { describedValue, quotedList } from '../../text/describe';
import { blockValue, countValue, graphError } from '../graph-errors';
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
      ? graphError(key === 'source' ? 'edgeNoSource' : 'edgeNoTarget')
      : graphError('edgeEndNotText', { key, value: describedValue(v) }));
    return undefined;
  }
  const near = closeNames(v, [...byId.keys()], 2);
  const value = describedValue(v);
  issues.error(path, near.length ? graphError('edgeNoSuchNodeNear', { value, near: quotedList(near) }) : graphError('edgeNoSuchNode', { value }));
  return undefined;
}

/** Checks an edge list against the nodes read; undefined when any edge is wrong. */
export function checkEdges(issues: Issues, raw: unknown, byId: Map<string, NodeEntry>, at: string = ROOT): GraphEdge[] | undefined {
  const listPath = keyPath(at, 'edges');
  if (raw === undefined) {
    issues.error(listPath, graphError('noEdges', { owner: { word: at === ROOT ? 'theFile' : 'theBlock' } }));
    return undefined;
  }
  if (!Array.isArray(raw)) {
    issues.error(listPath, graphError('edgesNotList', { value: describedValue(raw) }));
    return undefined;
  }
  if (raw.length > GRAPH_LIMITS.maxEdges) {
    issues.error(listPath, graphError('tooManyEdges', { count: countValue(raw.length), max: countValue(GRAPH_LIMITS.maxEdges) }));
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
      issues.error(base, graphError('edgeNotObject', { value: describedValue(e) }));
      allOk = false;
      continue;
    }
    unknownKeys(issues, e, FIELDS.edge, base, 'anEdge');
    const source = edgeEnd(issues, e, 'source', base, byId);
    const target = edgeEnd(issues, e, 'target', base, byId);
    let ok = source !== undefined && target !== undefined;
    let port: number | undefined;
    const portPath = `${base}.targetPort`;
    const rawPort = e.targetPort;
    if (rawPort === undefined) {
      issues.error(portPath, graphError('edgeNoPort'));
      ok = false;
    } else if (typeof rawPort !== 'number' || !Number.isInteger(rawPort) || rawPort < 0) {
      issues.error(portPath, graphError('edgeBadPort', { value: describedValue(rawPort) }));
      ok = false;
    } else {
      port = rawPort;
      const spec = target !== undefined ? byId.get(target)!.spec : undefined;
      if (spec && port >= spec.ports.max) {
        const node = { block: blockValue(spec.type, spec.name), id: target! };
        issues.error(portPath, spec.ports.max === 0 ? graphError('edgeToSource', node)
          : spec.ports.max === 1 ? graphError('edgeToPortOne', { ...node, port })
            : graphError('edgeToPortRange', { ...node, last: spec.ports.max - 1, port }));
        ok = false;
      }
    }
    let id: string | undefined;
    if (has(e, 'id') && e.id !== undefined) {
      if (typeof e.id !== 'string' || e.id.length === 0 || e.id.length > GRAPH_LIMITS.maxIdLength * 3) {
        issues.error(`${base}.id`, graphError('edgeBadId', { max: GRAPH_LIMITS.maxIdLength * 3, value: describedValue(e.id) }));
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
        ? graphError('edgeRepeats', { index: prevFeed.index, source, target, port })
        : graphError('edgeInputFed', { port, target, index: prevFeed.index, source: prev.source }));
      allOk = false;
      continue;
    }
    const prevId = edgeIds.get(id);
    if (prevId !== undefined) {
      issues.error(`${base}.id`, graphError('edgeIdTaken', { id, index: prevId }));
      allOk = false;
      continue;
    }
    edgeIds.set(id, j);
    fed.set(slot, { at: edges.length, index: j });
    edges.push({ id, source, target, targetPort: port });
  }
  return allOk ? edges : undefined;
}
